package zswapsim.kernel;

import zswapsim.lockdep.LockdepEvent;

/**
 * lock_map_acquire() / lock_map_release() on a lockdep_map that is no lock (a timer's, a work's,
 * fs_reclaim, RCU's maps), from the running context of the CPU: the one place the CPU side
 * annotates maps.
 */
final class LockMaps {
    private LockMaps() {
    }

    /** lock_map_acquire(): an exclusive, checked acquire. */
    static void acquire(Machine m, String map, String op) {
        m.observe(new LockdepEvent.Acquire(m.lockdepTask(), m.irqState(), map, map, 0, false, m.site(op)));
    }

    /**
     * rcu_lock_acquire(): lock_acquire(map, 0, 0, 2, 0, ...), a recursive read with check 0: it is
     * on the held-lock list, but lockdep marks no usage and adds no dependency for it.
     */
    static void acquireUnchecked(Machine m, String map, String op) {
        m.observe(new LockdepEvent.UncheckedAcquire(m.lockdepTask(), m.irqState(), map, m.site(op)));
    }

    /** rwsem_acquire_read(): a shared (not recursive) checked acquire, as percpu_down_read() makes. */
    static void acquireRead(Machine m, String map, String op) {
        m.observe(new LockdepEvent.Acquire(m.lockdepTask(), m.irqState(), map, map, 1, false, m.site(op)));
    }

    static void release(Machine m, String map, String op) {
        m.observe(new LockdepEvent.Release(m.lockdepTask(), m.irqState(), map, map, m.site(op)));
    }

    /**
     * spin_lock_irqsave() of a lock the model does not otherwise keep (percpu_ref_switch_lock):
     * lockdep sees it taken with hardirqs off; nothing else runs on the CPU before its release.
     */
    static void acquireIrqsaved(Machine m, String lock, String op) {
        m.observe(new LockdepEvent.Acquire(m.lockdepTask(), m.irqState().withHardirqsOff(), lock, lock, 0, false, m.site(op)));
    }

    static void releaseIrqsaved(Machine m, String lock, String op) {
        m.observe(new LockdepEvent.Release(m.lockdepTask(), m.irqState().withHardirqsOff(), lock, lock, m.site(op)));
    }
}
