package zswapsim.kernel;

/**
 * Where a message goes: one actor of the kernel model. CPUs, locks and refs are numbered as the
 * program lists them; RCU, the workqueue pool and zswap are one actor each.
 */
public record Address(Kind kind, int index) {
    public enum Kind { CPU, LOCK, REF, RCU, WORKQUEUE, ZSWAP, TIMERS, TASKLETS }

    static final Address RCU = new Address(Kind.RCU, 0);
    static final Address WORKQUEUE = new Address(Kind.WORKQUEUE, 0);
    static final Address ZSWAP = new Address(Kind.ZSWAP, 0);
    static final Address TIMERS = new Address(Kind.TIMERS, 0);
    static final Address TASKLETS = new Address(Kind.TASKLETS, 0);

    static Address cpu(int cpu) {
        return new Address(Kind.CPU, cpu);
    }

    static Address lock(int lock) {
        return new Address(Kind.LOCK, lock);
    }

    static Address ref(int ref) {
        return new Address(Kind.REF, ref);
    }
}
