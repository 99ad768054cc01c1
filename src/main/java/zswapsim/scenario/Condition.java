package zswapsim.scenario;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an {@code if:} may test: an op that returns a value (a trylock, a tryget, {@code kref_put}
 * returning whether it released) or a predicate on the CPU's state or a ref, by its kernel name.
 */
public enum Condition {
    SPIN_TRYLOCK(OpKind.SPIN_TRYLOCK), SPIN_TRYLOCK_BH(OpKind.SPIN_TRYLOCK_BH),
    SPIN_TRYLOCK_IRQSAVE(OpKind.SPIN_TRYLOCK_IRQSAVE), READ_TRYLOCK(OpKind.READ_TRYLOCK),
    WRITE_TRYLOCK(OpKind.WRITE_TRYLOCK), MUTEX_TRYLOCK(OpKind.MUTEX_TRYLOCK),
    PERCPU_REF_TRYGET(OpKind.PERCPU_REF_TRYGET), PERCPU_REF_TRYGET_LIVE(OpKind.PERCPU_REF_TRYGET_LIVE),
    KREF_GET_UNLESS_ZERO(OpKind.KREF_GET_UNLESS_ZERO), KREF_PUT(OpKind.KREF_PUT),
    /** hrtimer_try_to_cancel() < 0: the callback is running, nothing was cancelled. */
    HRTIMER_TRY_TO_CANCEL(OpKind.HRTIMER_TRY_TO_CANCEL),
    /** percpu_ref_is_zero(): in atomic mode with a zero count. */
    PERCPU_REF_IS_ZERO(OpKind.Arg.PERCPU_REF),
    IRQS_DISABLED(OpKind.Arg.NONE),
    /** softirq_count() != 0: serving a softirq or BH disabled. */
    IN_SOFTIRQ(OpKind.Arg.NONE),
    /** hardirq, softirq being served, or BH disabled. */
    IN_INTERRUPT(OpKind.Arg.NONE),
    RAW_SPIN_TRYLOCK(OpKind.RAW_SPIN_TRYLOCK);

    private static final Map<String, Condition> BY_NAME = new TreeMap<>();

    static {
        Arrays.stream(values()).forEach(c -> BY_NAME.put(c.kernelName(), c));
    }

    /** The op the condition runs, or null for a predicate. */
    private final OpKind op;
    private final OpKind.Arg arg;

    Condition(OpKind op) {
        this.op = op;
        this.arg = op.arg();
    }

    Condition(OpKind.Arg arg) {
        this.op = null;
        this.arg = arg;
    }

    public OpKind op() {
        return op;
    }

    public OpKind.Arg arg() {
        return arg;
    }

    public String kernelName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Condition byName(String name) {
        return BY_NAME.get(name);
    }

    public static java.util.Set<String> names() {
        return BY_NAME.keySet();
    }
}
