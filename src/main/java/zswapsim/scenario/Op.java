package zswapsim.scenario;

import java.util.List;

/**
 * One op of scenario code. {@code name} is the lock, ref, handler, compressor or note text;
 * {@code count} the number for counted ops (1 otherwise); {@code body} the ops of
 * {@code in_softirq}/{@code in_hardirq}, or the {@code then:} ops of an {@code if:} (empty otherwise);
 * {@code branch} the rest of an {@code if:}, null for every other op; {@code wq} the workqueue of a
 * {@code queue_work:} (system_wq for its bare form), null for every other op.
 */
public record Op(OpKind kind, String name, int count, List<Op> body, SourcePos pos, Branch branch, String wq) {

    /**
     * An {@code if:}'s condition (its argument is {@code name}; {@code negate} for {@code not:}) and
     * its {@code else:} ops; the {@code then:} ops are the op's body.
     */
    public record Branch(Condition condition, String name, boolean negate, List<Op> orElse, SourcePos conditionPos) {
        public String describe() {
            String test = condition.kernelName() + "(" + (name == null ? "" : name) + ")";
            return (negate ? "!" : "") + test;
        }
    }

    public Op(OpKind kind, String name, int count, List<Op> body, SourcePos pos) {
        this(kind, name, count, body, pos, null, null);
    }

    public Op(OpKind kind, String name, int count, List<Op> body, SourcePos pos, Branch branch) {
        this(kind, name, count, body, pos, branch, null);
    }

    /** The op as a scenario file would spell it, e.g. {@code spin_lock(zswap_pools_lock)}. */
    public String describe() {
        return switch (kind.arg()) {
            case NONE -> kind.kernelName();
            case OPS -> kind.kernelName();
            case BRANCH -> "if (" + branch.describe() + ")";
            case COUNT -> kind.kernelName() + "(" + count + ")";
            case TEXT -> "note: " + name;
            case QUEUE_WORK -> kind.kernelName() + "(" + wq + ", " + name + ")";
            default -> kind.kernelName() + "(" + name + ")";
        };
    }
}
