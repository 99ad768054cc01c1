package zswapsim.lockdep;

/**
 * What the validator observes: the kernel's lockdep entry points as events. The model emits them
 * where the kernel calls lock_acquire(), lockdep_hardirqs_on() and friends; only
 * {@link Lockdep#observe} consumes them, so no lock or CPU code calls the validator.
 */
public sealed interface LockdepEvent {
    LockdepTask task();

    IrqState irq();

    Site site();

    /**
     * lock_acquire(): {@code subclass} 0 unless a _nested() op names one; {@code read} 0 exclusive,
     * 1 non-recursive read, 2 recursive read; {@code nestLock} the lock a _nest_lock() op names, or null.
     */
    record Acquire(LockdepTask task, IrqState irq, String lockName, String className, int subclass, int read,
                   boolean trylock, NestLock nestLock, Site site) implements LockdepEvent {
        /** A plain acquire: subclass 0, no nest_lock. */
        public Acquire(LockdepTask task, IrqState irq, String lockName, String className, int read, boolean trylock,
                       Site site) {
            this(task, irq, lockName, className, 0, read, trylock, null, site);
        }
    }

    /** lock_acquire() with check 0, as rcu_lock_acquire() does: a recursive read that is only held. */
    record UncheckedAcquire(LockdepTask task, IrqState irq, String mapName, Site site) implements LockdepEvent {
    }

    /** lockdep_assert_held(): {@code WARN_ON(debug_locks && !lockdep_is_held(lock))} on CPU {@code cpu}. */
    record AssertHeld(LockdepTask task, IrqState irq, int cpu, String lockName, String className, Site site)
            implements LockdepEvent {
    }

    /** lock_release() */
    record Release(LockdepTask task, IrqState irq, String lockName, String className, Site site)
            implements LockdepEvent {
    }

    /** lockdep_hardirqs_on() / lockdep_hardirqs_off() */
    record Hardirqs(LockdepTask task, IrqState irq, boolean on, Site site) implements LockdepEvent {
    }

    /** lockdep_softirqs_on() / lockdep_softirqs_off() */
    record Softirqs(LockdepTask task, IrqState irq, boolean on, Site site) implements LockdepEvent {
    }

    /** do_exit(): debug_check_no_locks_held() on the exiting task. */
    record TaskExit(LockdepTask task, IrqState irq, Site site) implements LockdepEvent {
    }

    /** exit_to_user_mode_prepare(): lockdep_sys_exit() on the task returning to user space. */
    record SysExit(LockdepTask task, IrqState irq, Site site) implements LockdepEvent {
    }

    /**
     * A debug check outside lockdep fired (preempt_count_sub()'s underflow DEBUG_LOCKS_WARN_ON(),
     * the lock debugging's test at an unlock): debug_locks_off(), so lockdep validates nothing
     * more, and no lockdep report.
     */
    record DebugLocksWarn(LockdepTask task, IrqState irq, Site site) implements LockdepEvent {
    }

    /** might_sleep() in {@code function} (CONFIG_DEBUG_ATOMIC_SLEEP's __might_resched()). */
    record MightSleep(LockdepTask task, IrqState irq, String function, Site site) implements LockdepEvent {
    }
}
