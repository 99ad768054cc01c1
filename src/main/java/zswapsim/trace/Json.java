package zswapsim.trace;

import java.util.Collection;
import java.util.Map;

/**
 * A small JSON writer: keys in insertion order, no whitespace, strings escaped for JSON and
 * safe to embed in HTML ({@code <}, {@code >}, {@code &} as unicode escapes) or to print on a
 * terminal (every control character, C1 ones included, as a unicode escape).
 */
public final class Json {
    private final StringBuilder out = new StringBuilder();
    private boolean needComma;

    public Json beginObject() {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    public Json endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    public Json beginArray() {
        comma();
        out.append('[');
        needComma = false;
        return this;
    }

    public Json endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    public Json key(String k) {
        comma();
        string(k);
        out.append(':');
        needComma = false;
        return this;
    }

    public Json value(Object v) {
        comma();
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Collection<?> c) {
            out.append('[');
            needComma = false;
            for (Object o : c) {
                value(o);
            }
            out.append(']');
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            needComma = false;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                key(String.valueOf(e.getKey()));
                value(e.getValue());
            }
            out.append('}');
        } else {
            string(v.toString());
        }
        needComma = true;
        return this;
    }

    public Json field(String k, Object v) {
        return key(k).value(v);
    }

    private void comma() {
        if (needComma) {
            out.append(',');
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                default -> {
                    if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
