package zswapsim.scenario;

import java.util.List;

/**
 * One op of scenario code. {@code name} is the lock, ref, handler, compressor or note text;
 * {@code count} the number for counted ops (1 otherwise); {@code body} the ops of
 * {@code in_softirq}/{@code in_hardirq}, or the {@code then:} ops of an {@code if:} (empty otherwise);
 * {@code branch} the rest of an {@code if:}, null for every other op; {@code wq} the workqueue of a
 * {@code queue_work:} (system_wq for its bare form), null for every other op; {@code annotation} the
 * lockdep annotation of a _nested() or _nest_lock() lock op, null for every other op.
 */
public record Op(OpKind kind, String name, int count, List<Op> body, SourcePos pos, Branch branch, String wq,
                 Annotation annotation) {

    /** A _nested() op's {@code subclass} (0 otherwise), a _nest_lock() op's {@code nest_lock} (null otherwise). */
    public record Annotation(int subclass, String nestLock) {
    }

    public Op(OpKind kind, String name, int count, List<Op> body, SourcePos pos, Branch branch, String wq) {
        this(kind, name, count, body, pos, branch, wq, null);
    }

    public Op(OpKind kind, String name, int count, List<Op> body, SourcePos pos, Branch branch, Annotation annotation) {
        this(kind, name, count, body, pos, branch, null, annotation);
    }

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
        this(kind, name, count, body, pos, null, null, null);
    }

    public Op(OpKind kind, String name, int count, List<Op> body, SourcePos pos, Branch branch) {
        this(kind, name, count, body, pos, branch, null, null);
    }

    /** The op as a scenario file would spell it, e.g. {@code spin_lock(zswap_pools_lock)}. */
    public String describe() {
        return switch (kind.arg()) {
            case NONE -> kind.kernelName();
            case OPS -> kind.kernelName();
            case BRANCH -> "if (" + branch.describe() + ")";
            case COUNT -> kind.kernelName() + "(" + count + ")";
            case TEXT -> "note: " + name;
            case QUEUE_WORK, QUEUE_DELAYED_WORK -> kind.kernelName() + "(" + wq + ", " + name + ")";
            case SPINLOCK_NESTED, RAW_SPINLOCK_NESTED, MUTEX_NESTED, RWSEM_NESTED ->
                    kind.kernelName() + "(" + name + ", " + annotation.subclass() + ")";
            case MUTEX_NEST_LOCK, SPINLOCK_NEST_LOCK, RAW_SPINLOCK_NEST_LOCK, RWSEM_NEST_LOCK -> kind.kernelName() + "(" + name + ", " + annotation.nestLock() + ")";
            default -> kind.kernelName() + "(" + name + ")";
        };
    }
}
