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
    /** The handlers tasklet_schedule: names, each one tasklet_struct. */
    private final java.util.Set<String> tasklets = new java.util.HashSet<>();

    /** Each CPU's tasklet list is a 64-bit mask in the model. */
    static final int MAX_TASKLETS = 64;

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
            if (isIf(map)) {
                return parseIf(item);
            }
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

    private static final String IF = OpKind.IF.kernelName();

    private static boolean isIf(MappingNode map) {
        return !map.getValue().isEmpty() && YamlNodes.isText(map.getValue().get(0).getKeyNode())
                && IF.equals(((ScalarNode) map.getValue().get(0).getKeyNode()).getValue());
    }

    /** {@code - if: COND} with {@code then: [ops]} and optional {@code else: [ops]} in the same mapping. */
    private Op parseIf(Node item) {
        Fields fields = nodes.fields(item, "", "an if").allowOnly(IF, "then", "else");
        Node thenNode = fields.required("then");
        Node elseNode = fields.optional("else");
        List<Op> then = parseList(thenNode, fields.path("then"));
        List<Op> orElse = elseNode == null ? List.of() : parseList(elseNode, fields.path("else"));
        Op.Branch branch = condition(fields.required(IF), false, orElse);
        return new Op(OpKind.IF, null, 1, then, fields.keyPos(IF), branch);
    }

    private static final String CONDITION_SHAPE = "a condition (a trylock, a tryget, kref_put, percpu_ref_is_zero, hrtimer_try_to_cancel, "
            + "irqs_disabled, in_softirq or in_interrupt, or {not: CONDITION})";

    /** One condition: a bare predicate, a one-key mapping naming an op that returns a value, or {@code not:}. */
    private Op.Branch condition(Node node, boolean negate, List<Op> orElse) {
        if (YamlNodes.isText(node)) {
            String word = nodes.nonBlankText(node, "", "a condition");
            Condition c = lookUpCondition(word, node);
            if (c.arg() != OpKind.Arg.NONE) {
                throw nodes.error(node, "", word + " needs " + c.arg().description() + " (write it as '" + word + ": ...')");
            }
            return new Op.Branch(c, null, negate, orElse, nodes.pos(node));
        }
        if (!YamlNodes.isMapping(node) || ((MappingNode) node).getValue().size() != 1) {
            throw nodes.error(node, "", "expected " + CONDITION_SHAPE + ", found " + YamlNodes.describe(node)
                    + (YamlNodes.isMapping(node) ? " with " + ((MappingNode) node).getValue().size() + " keys" : ""));
        }
        NodeTuple tuple = ((MappingNode) node).getValue().get(0);
        String word = nodes.nonBlankText(tuple.getKeyNode(), "", "a condition");
        if ("not".equals(word)) {
            return condition(tuple.getValueNode(), !negate, orElse);
        }
        Condition c = lookUpCondition(word, tuple.getKeyNode());
        Node value = tuple.getValueNode();
        if (c.arg() == OpKind.Arg.NONE) {
            if (!YamlNodes.isNull(value)) {
                throw nodes.error(value, "", word + " takes no argument, found " + YamlNodes.describe(value));
            }
            return new Op.Branch(c, null, negate, orElse, nodes.pos(tuple.getKeyNode()));
        }
        String name = YamlNodes.isText(value) ? ((ScalarNode) value).getValue() : null;
        if (name == null || name.isBlank()) {
            throw nodes.error(value, "", word + " needs " + c.arg().description() + ", found "
                    + (name == null ? YamlNodes.describe(value) : "an empty string"));
        }
        names.checkArgument(word, c.arg(), name, nodes.pos(value));
        return new Op.Branch(c, name, negate, orElse, nodes.pos(tuple.getKeyNode()));
    }

    private Condition lookUpCondition(String word, Node where) {
        Condition c = Condition.byName(word);
        if (c == null) {
            throw nodes.error(where, "", "unknown condition " + YamlNodes.quote(word)
                    + Spelling.hint(word, Condition.names(), " (expected " + CONDITION_SHAPE + ")"));
        }
        return c;
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
            case BRANCH -> throw nodes.error(value, "", "if: needs then: in the same mapping (- if: COND\n  then: [ops])");
            case TEXT -> {
                return new Op(kind, argumentText(kind, value, false), 1, List.of(), pos);
            }
            case COMPRESSOR -> {
                return new Op(kind, argumentText(kind, value, true), 1, List.of(), pos);
            }
            case QUEUE_WORK, QUEUE_DELAYED_WORK -> {
                return queueWork(kind, value, pos);
            }
            case GFP -> {
                return new Op(kind, nodes.oneOf(value, op, "GFP flag", Gfp.NAMES), 1, List.of(), pos);
            }
            default -> {
                if (kind.arg().annotation() != null) {
                    return annotated(kind, value, pos);
                }
                String name = argumentText(kind, value, true);
                names.checkArgument(kind, name, nodes.pos(value));
                if (kind == OpKind.TASKLET_SCHEDULE) {
                    countTasklet(name, nodes.pos(value));
                }
                return new Op(kind, name, 1, List.of(), pos);
            }
        }
    }

    /**
     * {@code queue_work: WORK} (on system_wq) or {@code queue_work: {wq: WQ, work: WORK}};
     * queue_delayed_work and mod_delayed_work take the mapping only, with a delayed work, as the
     * kernel's take a workqueue (schedule_delayed_work is the system_wq form).
     */
    private Op queueWork(OpKind kind, Node value, SourcePos pos) {
        boolean delayed = kind.arg() == OpKind.Arg.QUEUE_DELAYED_WORK;
        OpKind.Arg workArg = delayed ? OpKind.Arg.DELAYED_WORK : OpKind.Arg.WORK;
        if (!YamlNodes.isMapping(value)) {
            if (delayed) {
                throw nodes.error(value, "", kind.kernelName() + " needs " + kind.arg().description() + ", found "
                        + YamlNodes.describe(value) + " (schedule_delayed_work: WORK queues on system_wq)");
            }
            String work = argumentText(kind, value, true);
            names.checkArgument(kind.kernelName(), workArg, work, nodes.pos(value));
            return new Op(kind, work, 1, List.of(), pos, null, WorkqueueDecl.SYSTEM_WQ);
        }
        Fields fields = nodes.fields(value, kind.kernelName(), delayed ? kind.arg().description() : "a mapping {wq, work}")
                .allowOnly("wq", "work");
        Node wqNode = fields.required("wq");
        Node workNode = fields.required("work");
        String wq = nodes.nonBlankText(wqNode, fields.path("wq"), OpKind.Arg.WORKQUEUE.description());
        names.checkArgument(kind.kernelName(), OpKind.Arg.WORKQUEUE, wq, nodes.pos(wqNode));
        String work = nodes.nonBlankText(workNode, fields.path("work"), workArg.description());
        names.checkArgument(kind.kernelName(), workArg, work, nodes.pos(workNode));
        return new Op(kind, work, 1, List.of(), pos, null, wq);
    }

    private void countTasklet(String handler, SourcePos pos) {
        if (tasklets.add(handler) && tasklets.size() > MAX_TASKLETS) {
            throw new ScenarioException(pos, "more than " + MAX_TASKLETS + " tasklets (handlers named by tasklet_schedule)");
        }
    }

    /**
     * The largest subclass a scenario may name. lock_acquire() takes any unsigned int; lockdep
     * refuses one of MAX_LOCKDEP_SUBCLASSES (8) or more at run time ("looking up invalid subclass").
     */
    static final int MAX_SUBCLASS = 255;

    /** {@code spin_lock_nested: {lock: A, subclass: 1}} or {@code mutex_lock_nest_lock: {lock: A, nest_lock: B}}. */
    private Op annotated(OpKind kind, Node value, SourcePos pos) {
        String op = kind.kernelName();
        String key = kind.arg().annotation();
        Fields fields = nodes.fields(value, op, kind.arg().description()).allowOnly("lock", key);
        Node lockNode = fields.required("lock");
        String lock = nodes.nonBlankText(lockNode, fields.path("lock"), "a lock name");
        names.checkArgument(kind, lock, nodes.pos(lockNode));
        Node keyNode = fields.required(key);
        if (key.equals(OpKind.SUBCLASS)) {
            String range = "a subclass (0.." + MAX_SUBCLASS + "; lockdep's own are 0..7)";
            java.math.BigInteger n = nodes.integer(keyNode, fields.path(key), range);
            if (!YamlNodes.inRange(n, 0, MAX_SUBCLASS)) {
                throw nodes.error(keyNode, fields.path(key), n + " out of range: expected " + range);
            }
            return new Op(kind, lock, 1, List.of(), pos, null, new Op.Annotation(n.intValueExact(), null));
        }
        String nestLock = nodes.nonBlankText(keyNode, fields.path(key), "a lock name");
        names.requireLock(nestLock, nodes.pos(keyNode));
        return new Op(kind, lock, 1, List.of(), pos, null, new Op.Annotation(0, nestLock));
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
