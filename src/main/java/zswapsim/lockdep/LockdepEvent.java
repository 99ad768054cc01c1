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

    /** lock_acquire(): {@code read} 0 exclusive, 1 non-recursive read, 2 recursive read. */
    record Acquire(LockdepTask task, IrqState irq, String lockName, String className, int read, boolean trylock,
                   Site site) implements LockdepEvent {
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

    /** might_sleep() in {@code function} (CONFIG_DEBUG_ATOMIC_SLEEP's __might_resched()). */
    record MightSleep(LockdepTask task, IrqState irq, String function, Site site) implements LockdepEvent {
    }
}
