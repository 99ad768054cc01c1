package zswapsim.scenario;

/**
 * The kernel configuration lockdep runs with, from {@code lockdep:}. CONFIG_PROVE_LOCKING is
 * always on; {@code proveRawLockNesting} is CONFIG_PROVE_RAW_LOCK_NESTING, under which a
 * spinlock_t (a sleeping lock on PREEMPT_RT) may not be taken under a raw_spinlock_t.
 */
public record LockdepConfig(boolean proveRawLockNesting) {
    public static final LockdepConfig DEFAULT = new LockdepConfig(false);
}
