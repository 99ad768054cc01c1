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

    /** The first addresses of each numbered kind, made once: messages are addressed on every step. */
    private static final int SHARED = 64;
    private static final Address[] CPUS = numbered(Kind.CPU);
    private static final Address[] LOCKS = numbered(Kind.LOCK);
    private static final Address[] REFS = numbered(Kind.REF);

    private static Address[] numbered(Kind kind) {
        Address[] out = new Address[SHARED];
        for (int i = 0; i < SHARED; i++) {
            out[i] = new Address(kind, i);
        }
        return out;
    }

    static Address cpu(int cpu) {
        return cpu < SHARED ? CPUS[cpu] : new Address(Kind.CPU, cpu);
    }

    static Address lock(int lock) {
        return lock < SHARED ? LOCKS[lock] : new Address(Kind.LOCK, lock);
    }

    static Address ref(int ref) {
        return ref < SHARED ? REFS[ref] : new Address(Kind.REF, ref);
    }
}
