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
 * @param nestLock    the lock a _nest_lock() acquire named ({@code nest_lock}), or null
 * @param references  how many acquisitions of this class under the nest lock the entry stands
 *                    for; 0 for an entry that stands for itself alone
 * @param check       lock_acquire()'s check: false for RCU's maps, which are held but mark no usage
 *                    and add no dependency
 */
record HeldLock(String lockName, int classIdx, int read, boolean trylock, int irqContext, boolean hardirqsOff,
                Site acquireSite, NestLock nestLock, int references, boolean check) {

    /** The same entry pushed again in irq context {@code irqContext}, as reacquire_held_locks() does. */
    HeldLock reacquired(int irqContext) {
        return new HeldLock(lockName, classIdx, read, trylock, irqContext, hardirqsOff, acquireSite, nestLock,
                references, check);
    }

    HeldLock withReferences(int n) {
        return new HeldLock(lockName, classIdx, read, trylock, irqContext, hardirqsOff, acquireSite, nestLock, n, check);
    }

    /**
     * match_held_lock(): this entry is the instance, or stands for several of its class taken under a
     * nest lock ({@code classIdx} is the class of the instance at subclass 0, -1 if it has none). An
     * entry with references but no nest lock (a _nest_lock() acquire merged into a plain one) is
     * DEBUG_LOCKS_WARN_ON(!hlock->nest_lock), "State got messed up": lockdep turns off, no match.
     */
    boolean matches(String instance, int classIdx, DebugLocks debugLocks) {
        if (lockName.equals(instance)) {
            return true;
        }
        if (references == 0 || classIdx < 0) {
            return false;
        }
        if (nestLock == null) {
            debugLocks.warnOn("match_held_lock", "!hlock->nest_lock");
            return false;
        }
        return this.classIdx == classIdx;
    }

    /** LOCK_CHAIN_SOFTIRQ_CONTEXT and LOCK_CHAIN_HARDIRQ_CONTEXT, as task_irq_context() combines them. */
    static int taskIrqContext(IrqState s) {
        return (s.hardirqContext() > 0 ? 2 : 0) + (s.softirqContext() > 0 ? 1 : 0);
    }
}
