package zswapsim.scenario;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * The entries of one YAML mapping, by key text in file order. Construction rejects keys that
 * are not plain text and keys given twice; {@link #allowOnly} rejects keys the format does not
 * know, with a "did you mean" hint; {@link #required} and {@link #optional} fetch values.
 */
final class Fields {

    private final YamlNodes nodes;
    private final MappingNode node;
    private final String path;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    Fields(YamlNodes nodes, MappingNode node, String path) {
        this.nodes = nodes;
        this.node = node;
        this.path = path;
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            String key = nodes.nonBlankText(keyNode, path, "a key");
            NodeTuple first = entries.putIfAbsent(key, tuple);
            if (first != null) {
                throw nodes.error(keyNode, path, "duplicate key " + YamlNodes.quote(key)
                        + " (first at line " + nodes.pos(first.getKeyNode()).line() + ")");
            }
        }
    }

    /** Rejects any key not in {@code known}, naming the closest known key or listing them all. */
    Fields allowOnly(String... known) {
        List<String> knownKeys = Arrays.asList(known);
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!knownKeys.contains(e.getKey())) {
                throw nodes.error(e.getValue().getKeyNode(), path, "unknown key " + YamlNodes.quote(e.getKey())
                        + Spelling.hint(e.getKey(), knownKeys, " (expected one of: " + String.join(", ", known) + ")"));
            }
        }
        return this;
    }

    /** The value of {@code key}; an error at the mapping's start when it is missing. */
    Node required(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            throw nodes.error(node, path, "missing required key '" + key + "'");
        }
        return tuple.getValueNode();
    }

    /** The value of {@code key}, or null when the key is absent. */
    Node optional(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? null : tuple.getValueNode();
    }

    /** The value of {@code key}, or null when the key is absent or its value is empty/null. */
    Node optionalNonNull(String key) {
        Node value = optional(key);
        return value == null || YamlNodes.isNull(value) ? null : value;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Where {@code key} itself is written (it must be present). */
    SourcePos keyPos(String key) {
        return nodes.pos(entries.get(key).getKeyNode());
    }

    /** Where the mapping starts. */
    SourcePos pos() {
        return nodes.pos(node);
    }

    String path() {
        return path;
    }

    /** The path of a key's value, for messages. */
    String path(String key) {
        return YamlNodes.child(path, key);
    }

    /** All entries, by key, in file order. */
    Map<String, NodeTuple> entries() {
        return Collections.unmodifiableMap(entries);
    }
}
