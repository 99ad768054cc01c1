package zswapsim.scenario;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Turns YAML op lists into {@link Op}s. An op is a bare word ({@code - local_bh_disable}) or a
 * one-key mapping ({@code - spin_lock: A}); the key is looked up in {@link OpKind} and the
 * value checked against the op's {@link OpKind.Arg}, names resolved by {@link Declarations}.
 * Errors point at the op (unknown op, zswap op without the model) or at its argument.
 */
final class OpParser {

    private static final String OP_SHAPE =
            "an op (a bare word like 'local_bh_disable' or a one-key mapping like 'spin_lock: A')";

    private final YamlNodes nodes;
    private final Declarations names;
    /** Ops parsed so far, each page of a zswap count and each use of an alias included. */
    private int expanded;

    OpParser(YamlNodes nodes, Declarations names) {
        this.nodes = nodes;
        this.names = names;
    }

    /** A list of ops, e.g. a task's {@code run:} or a handler's body. */
    List<Op> parseList(Node node, String path) {
        List<Op> ops = new ArrayList<>();
        for (Node item : nodes.list(node, path, "a list of ops")) {
            Op op = parseOp(item);
            expanded += op.kind() == OpKind.MSLEEP ? 1 : op.count();
            if (expanded > Limits.MAX_OPS) {
                throw new ScenarioException(op.pos(), "the scenario has more than " + Limits.MAX_OPS
                        + " ops here, counting each page of a zswap count and each use of an alias (the limit for ops)");
            }
            ops.add(op);
        }
        return List.copyOf(ops);
    }

    private Op parseOp(Node item) {
        if (YamlNodes.isText(item)) {
            String word = nodes.text(item, "", "an op");
            OpKind kind = lookUp(word, item);
            if (kind.arg() != OpKind.Arg.NONE) {
                throw nodes.error(item, "", word + " needs " + kind.arg().description()
                        + " (write it as '" + word + ": ...')");
            }
            return new Op(kind, null, 1, List.of(), nodes.pos(item));
        }
        if (YamlNodes.isMapping(item)) {
            MappingNode map = (MappingNode) item;
            if (map.getValue().size() != 1) {
                throw nodes.error(item, "", "expected " + OP_SHAPE + ", found a mapping with "
                        + map.getValue().size() + " keys (put each op on its own '- ' line)");
            }
            NodeTuple tuple = map.getValue().get(0);
            String word = nodes.nonBlankText(tuple.getKeyNode(), "", "an op name");
            OpKind kind = lookUp(word, tuple.getKeyNode());
            return withArgument(kind, tuple.getValueNode(), nodes.pos(tuple.getKeyNode()));
        }
        throw nodes.error(item, "", "expected " + OP_SHAPE + ", found " + YamlNodes.describe(item));
    }

    private OpKind lookUp(String word, Node where) {
        OpKind kind = OpKind.byName(word);
        if (kind == null) {
            throw nodes.error(where, "", "unknown op " + YamlNodes.quote(word) + Spelling.hint(word, OpKind.names(), ""));
        }
        names.requireZswapModel(kind, nodes.pos(where));
        return kind;
    }

    private Op withArgument(OpKind kind, Node value, SourcePos pos) {
        String op = kind.kernelName();
        switch (kind.arg()) {
            case NONE -> {
                if (!YamlNodes.isNull(value)) {
                    throw nodes.error(value, "", op + " takes no argument, found " + YamlNodes.describe(value));
                }
                return new Op(kind, null, 1, List.of(), pos);
            }
            case COUNT -> {
                return new Op(kind, null, nodes.count(value, op, kind.arg().description()), List.of(), pos);
            }
            case OPS -> {
                if (!YamlNodes.isList(value)) {
                    throw nodes.error(value, "", op + " needs " + kind.arg().description()
                            + ", found " + YamlNodes.describe(value));
                }
                return new Op(kind, null, 1, parseList(value, op), pos);
            }
            case TEXT -> {
                return new Op(kind, argumentText(kind, value, false), 1, List.of(), pos);
            }
            case COMPRESSOR -> {
                return new Op(kind, argumentText(kind, value, true), 1, List.of(), pos);
            }
            default -> {
                String name = argumentText(kind, value, true);
                names.checkArgument(kind, name, nodes.pos(value));
                return new Op(kind, name, 1, List.of(), pos);
            }
        }
    }

    private String argumentText(OpKind kind, Node value, boolean nonBlank) {
        String text = YamlNodes.isText(value) ? ((ScalarNode) value).getValue() : null;
        if (text == null || nonBlank && text.isBlank()) {
            throw nodes.error(value, "", kind.kernelName() + " needs " + kind.arg().description()
                    + ", found " + (text == null ? YamlNodes.describe(value) : "an empty string"));
        }
        return text;
    }

}
