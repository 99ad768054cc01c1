package zswapsim.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The little Markdown that {@code about:} uses: paragraphs, bullet and numbered lists, {@code `code`},
 * {@code **bold**} and {@code *em*}. It yields a tree of plain strings, never HTML: the page builds
 * elements from it with textContent, so any {@code <script>} in a scenario stays text.
 */
public final class Markdown {
    private Markdown() {
    }

    /** A paragraph ({@code p}, one item) or a list ({@code ul}/{@code ol}, one item per entry). */
    public record Block(String tag, List<List<Span>> items) {
    }

    /** A run of text: {@code style} is {@code t} plain, {@code code}, {@code strong} or {@code em}. */
    public record Span(String style, String text) {
    }

    /** The blocks as JSON for the report pages: [tag, [[[style, text], ...] per item]] per block. */
    static void toJson(zswapsim.trace.Json j, String markdown) {
        j.beginArray();
        for (Block b : parse(markdown)) {
            j.beginArray().value(b.tag()).beginArray();
            for (List<Span> item : b.items()) {
                j.beginArray();
                item.forEach(sp -> j.beginArray().value(sp.style()).value(sp.text()).endArray());
                j.endArray();
            }
            j.endArray().endArray();
        }
        j.endArray();
    }

    public static List<Block> parse(String markdown) {
        List<Block> blocks = new ArrayList<>();
        if (markdown == null) {
            return blocks;
        }
        String tag = null;
        List<String> items = new ArrayList<>();
        for (String raw : markdown.replace("\r\n", "\n").split("\n")) {
            String line = raw.strip();
            String itemTag = listTag(line);
            if (line.isEmpty()) {
                flush(blocks, tag, items);
                tag = null;
            } else if (itemTag != null) {
                if (!itemTag.equals(tag)) {
                    flush(blocks, tag, items);
                    tag = itemTag;
                }
                items.add(line.substring(line.indexOf(' ') + 1).strip());
            } else if (tag == null) {
                tag = "p";
                items.add(line);
            } else if (tag.equals("p") || raw.startsWith(" ")) {
                // A continuation line joins the paragraph or the current list item.
                int lastItem = items.size() - 1;
                items.set(lastItem, items.get(lastItem) + " " + line);
            } else {
                flush(blocks, tag, items);
                tag = "p";
                items.add(line);
            }
        }
        flush(blocks, tag, items);
        return blocks;
    }

    private static String listTag(String line) {
        if (line.startsWith("- ") || line.startsWith("* ") || line.startsWith("+ ")) {
            return "ul";
        }
        int digits = 0;
        while (digits < line.length() && Character.isDigit(line.charAt(digits))) {
            digits++;
        }
        boolean numbered = digits > 0 && line.startsWith(". ", digits) || digits > 0 && line.startsWith(") ", digits);
        return numbered ? "ol" : null;
    }

    private static void flush(List<Block> blocks, String tag, List<String> items) {
        if (tag != null && !items.isEmpty()) {
            blocks.add(new Block(tag, items.stream().map(Markdown::inline).toList()));
        }
        items.clear();
    }

    /** Code spans first (their content is literal), then ** and * pairs; an unpaired marker stays text. */
    static List<Span> inline(String text) {
        List<Span> out = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            String marker = c == '`' ? "`" : text.startsWith("**", i) ? "**" : c == '*' ? "*" : null;
            int close = marker == null ? -1 : text.indexOf(marker, i + marker.length());
            if (marker != null && close > i + marker.length()) {
                if (plain.length() > 0) {
                    out.add(new Span("t", plain.toString()));
                    plain.setLength(0);
                }
                String style = marker.equals("`") ? "code" : marker.equals("**") ? "strong" : "em";
                out.add(new Span(style, text.substring(i + marker.length(), close)));
                i = close + marker.length();
            } else {
                plain.append(c);
                i++;
            }
        }
        if (plain.length() > 0) {
            out.add(new Span("t", plain.toString()));
        }
        return out;
    }
}
