package zswapsim.scenario;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads composed YAML nodes as the scenario format's values: strings, integers, lists and
 * mappings. Every failure is a {@link ScenarioException} at the node's position, saying what
 * was expected and what was found. {@code path} arguments name the value in messages
 * ({@code tasks[0].cpu}); an empty path means "no prefix".
 */
public final class YamlNodes {

    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
    private static final int QUOTE_LIMIT = 40;

    private final String file;

    YamlNodes(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** Where a node starts, 1-based; the file's start when SnakeYAML kept no mark. */
    SourcePos pos(Node node) {
        return node.getStartMark().map(this::pos).orElse(new SourcePos(file, 1, 1));
    }

    SourcePos pos(Mark mark) {
        return new SourcePos(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    ScenarioException error(Node node, String path, String message) {
        return error(pos(node), path, message);
    }

    static ScenarioException error(SourcePos pos, String path, String message) {
        return new ScenarioException(pos, prefix(path) + message);
    }

    /** {@code "path: "}, or nothing for the top level. */
    static String prefix(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    /** {@code path.key}, or {@code key} at the top level. */
    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** {@code path[index]}. */
    static String element(String path, int index) {
        return path + "[" + index + "]";
    }

    /** An explicit empty value ({@code key:} with nothing after it, {@code null} or {@code ~}). */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** A scalar with a standard tag other than null: text the user wrote, quoted or not. */
    static boolean isText(Node node) {
        if (!(node instanceof ScalarNode)) {
            return false;
        }
        Tag tag = node.getTag();
        return Tag.STR.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || Tag.BOOL.equals(tag);
    }

    /** A mapping without an unusual tag. */
    static boolean isMapping(Node node) {
        return node instanceof MappingNode && Tag.MAP.equals(node.getTag());
    }

    /** A list without an unusual tag. */
    static boolean isList(Node node) {
        return node instanceof SequenceNode && Tag.SEQ.equals(node.getTag());
    }

    /** A decimal integer written without quotes. */
    static boolean isInteger(Node node) {
        return node instanceof ScalarNode scalar && Tag.INT.equals(node.getTag())
                && DECIMAL.matcher(scalar.getValue()).matches();
    }

    /** What a node is, for "found ..." in messages: {@code 'text'}, {@code 3}, {@code a list}. */
    static String describe(Node node) {
        Tag tag = node.getTag();
        if (node instanceof ScalarNode scalar) {
            if (Tag.NULL.equals(tag)) {
                return scalar.getValue().isEmpty() ? "an empty value" : "null";
            }
            if (Tag.STR.equals(tag)) {
                return quote(scalar.getValue());
            }
            if (isText(node)) {
                return scalar.getValue();
            }
            return "a value tagged " + tag.getValue();
        }
        if (node instanceof SequenceNode) {
            return Tag.SEQ.equals(tag) ? "a list" : "a list tagged " + tag.getValue();
        }
        return Tag.MAP.equals(tag) ? "a mapping" : "a mapping tagged " + tag.getValue();
    }

    /** {@code 'text'}, on one line and cut short when long, for quoting user input in messages. */
    static String quote(String text) {
        return "'" + shorten(text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")) + "'";
    }

    /** The first {@value #QUOTE_LIMIT} characters of {@code text} and "...", when it is longer. */
    public static String shorten(String text) {
        return text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "..." : text;
    }

    /** The text of a scalar; {@code what} completes "expected ..." (e.g. "a lock name"). */
    String text(Node node, String path, String what) {
        if (!isText(node)) {
            throw error(node, path, "expected " + what + ", found " + describe(node));
        }
        return ((ScalarNode) node).getValue();
    }

    /** Like {@link #text} but neither empty nor blank. */
    String nonBlankText(Node node, String path, String what) {
        String text = text(node, path, what);
        if (text.isBlank()) {
            throw error(node, path, "expected " + what + ", found an empty string");
        }
        return text;
    }

    /**
     * A word from a fixed vocabulary, e.g. a lock type; {@code what} names it in messages
     * ("unknown lock type 'spinlok' (did you mean 'spinlock'?)").
     */
    String oneOf(Node node, String path, String what, List<String> words) {
        String expected = " (expected one of: " + String.join(", ", words) + ")";
        String word = text(node, path, "a " + what + expected);
        if (!words.contains(word)) {
            throw error(node, path, "unknown " + what + " " + quote(word) + Spelling.hint(word, words, expected));
        }
        return word;
    }

    /** {@code true} or {@code false}, written as a YAML word. */
    boolean bool(Node node, String path) {
        return oneOf(node, path, "boolean", BOOLEANS).equals("true");
    }

    private static final List<String> BOOLEANS = List.of("false", "true");

    /** A decimal integer written without quotes; any size, so range messages can quote it exactly. */
    BigInteger integer(Node node, String path, String what) {
        if (isInteger(node)) {
            return new BigInteger(((ScalarNode) node).getValue());
        }
        throw error(node, path, "expected " + what + ", found " + describe(node));
    }

    /**
     * A count in {@code 1..}{@link Limits#MAX_COUNT}, written without quotes; {@code key} names it in
     * messages ({@code zswap_store}, {@code interrupts[0].times}), {@code what} completes "expected ...".
     */
    int count(Node node, String key, String what) {
        BigInteger n = integer(node, key, what);
        if (n.signum() < 1) {
            throw error(node, key, "expected " + what + ", found " + n);
        }
        if (n.compareTo(BigInteger.valueOf(Limits.MAX_COUNT)) > 0) {
            throw error(node, key, shorten(n.toString()) + " is more than " + Limits.MAX_COUNT + " (the limit for counts)");
        }
        return n.intValueExact();
    }

    /** Whether {@code value} lies in {@code min..max}. */
    static boolean inRange(BigInteger value, long min, long max) {
        return value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0;
    }

    /** The items of a list. */
    List<Node> list(Node node, String path, String what) {
        if (isList(node)) {
            return ((SequenceNode) node).getValue();
        }
        throw error(node, path, "expected " + what + ", found " + describe(node));
    }

    /** The keys of a mapping, checked for duplicates, in file order. */
    Fields fields(Node node, String path, String what) {
        if (isMapping(node)) {
            return new Fields(this, (MappingNode) node, path);
        }
        throw error(node, path, "expected " + what + ", found " + describe(node));
    }
}
