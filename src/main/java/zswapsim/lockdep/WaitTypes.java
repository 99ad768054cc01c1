package zswapsim.lockdep;

/**
 * enum lockdep_wait_type (include/linux/lockdep_types.h): LD_WAIT_INV 0, LD_WAIT_FREE 1,
 * LD_WAIT_SPIN 2, then LD_WAIT_CONFIG, which is a level of its own (3) only with
 * CONFIG_PROVE_RAW_LOCK_NESTING and is LD_WAIT_SPIN otherwise, then LD_WAIT_SLEEP and LD_WAIT_MAX.
 * So a spinlock_t prints {@code {2:2}} and a mutex {@code {3:3}} by default, and {@code {3:3}} and
 * {@code {4:4}} with the option.
 */
record WaitTypes(boolean proveRawLockNesting) {
    static final int LD_WAIT_INV = 0;
    /** Wait-free: the outer wait type of RCU's reader maps. */
    static final int LD_WAIT_FREE = 1;
    static final int LD_WAIT_SPIN = 2;
    /** Without CONFIG_PROVE_RAW_LOCK_NESTING, the default. */
    static final WaitTypes DEFAULT = new WaitTypes(false);

    int config() {
        return proveRawLockNesting ? LD_WAIT_SPIN + 1 : LD_WAIT_SPIN;
    }

    int sleep() {
        return config() + 1;
    }

    /** task_wait_context() in task context: anything may be taken. */
    int max() {
        return sleep() + 1;
    }

    int of(LockWaitType type) {
        return switch (type) {
            case INV -> LD_WAIT_INV;
            case SPIN -> LD_WAIT_SPIN;
            case CONFIG -> config();
            case SLEEP -> sleep();
        };
    }
}
