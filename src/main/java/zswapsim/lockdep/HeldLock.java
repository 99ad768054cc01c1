package zswapsim.lockdep;

/**
 * {@code struct held_lock}: one entry of a task's held-lock stack.
 *
 * @param lockName    the instance ({@code hlock->instance}), printed where the kernel prints %px
 * @param classIdx    index of the lock class in the dependency graph
 * @param read        0 exclusive, 1 non-recursive read, 2 recursive read
 * @param trylock     taken by a trylock: adds no dependencies of its own, no USED_IN usage
 * @param irqContext  task_irq_context() at acquire: bit 0 softirq, bit 1 hardirq
 * @param hardirqsOff hardirqs were disabled at acquire, so no ENABLED usage was recorded
 * @param acquireSite where it was acquired ({@code acquire_ip})
 * @param check       lock_acquire()'s check: 0 for RCU's maps, which are held but mark no usage and
 *                    add no dependency
 */
record HeldLock(String lockName, int classIdx, int read, boolean trylock, int irqContext, boolean hardirqsOff,
                Site acquireSite, boolean check) {

    HeldLock(String lockName, int classIdx, int read, boolean trylock, int irqContext, boolean hardirqsOff,
             Site acquireSite) {
        this(lockName, classIdx, read, trylock, irqContext, hardirqsOff, acquireSite, true);
    }

    /** LOCK_CHAIN_SOFTIRQ_CONTEXT and LOCK_CHAIN_HARDIRQ_CONTEXT, as task_irq_context() combines them. */
    static int taskIrqContext(IrqState s) {
        return (s.hardirqContext() > 0 ? 2 : 0) + (s.softirqContext() > 0 ? 1 : 0);
    }

    /** hlock_id(): what the chain key hashes, class and read mode. */
    int hlockId() {
        return classIdx * 4 + read;
    }
}
