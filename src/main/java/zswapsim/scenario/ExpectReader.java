package zswapsim.scenario;

import java.util.List;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code expect:}: whether a deadlock is possible, and exactly which lockdep reports occur. */
final class ExpectReader {

    private final YamlNodes nodes;

    ExpectReader(YamlNodes nodes) {
        this.nodes = nodes;
    }

    /**
     * The expectation; nothing checked (both fields null) when the section is absent.
     *
     * @param section the {@code expect:} value, or null when absent or empty
     * @param pos     where {@code expect:} is written, or the file's first key when absent
     */
    Expect expect(Node section, SourcePos pos) {
        if (section == null) {
            return new Expect(null, null, pos);
        }
        Fields fields = nodes.fields(section, "expect", "a mapping {deadlock, lockdep}").allowOnly("deadlock", "lockdep");
        Node deadlockNode = fields.optional("deadlock");
        String deadlock = deadlockNode == null ? null
                : nodes.oneOf(deadlockNode, fields.path("deadlock"), "deadlock expectation", Expect.DEADLOCK_VALUES);
        Node lockdepNode = fields.optional("lockdep");
        List<String> lockdep = lockdepNode == null ? null : lockdepKinds(lockdepNode, fields.path("lockdep"));
        return new Expect(deadlock, lockdep, pos);
    }

    /** The kinds, sorted and without repeats; {@code []} is the empty list. */
    private List<String> lockdepKinds(Node node, String path) {
        List<Node> items = nodes.list(node, path, "a list of lockdep report kinds ([] for none)");
        TreeSet<String> kinds = new TreeSet<>();
        for (int i = 0; i < items.size(); i++) {
            kinds.add(nodes.oneOf(items.get(i), YamlNodes.element(path, i), "lockdep report kind", Expect.LOCKDEP_KINDS));
        }
        return List.copyOf(kinds);
    }
}
