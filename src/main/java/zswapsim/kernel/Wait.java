package zswapsim.kernel;

/** What a context is waiting for, if anything. Spinning (on a lock, in del_timer_sync() or hrtimer_cancel()) keeps the CPU; every other wait sleeps. */
enum Wait {
    NONE,
    /** spinning on a spinlock or rwlock ({@code waitArg} = lock; {@code waitRead} for read_lock) */
    SPIN,
    /** asleep on a mutex or rwsem */
    LOCK,
    /** synchronize_rcu(): until grace period {@code waitArg} completes */
    GRACE_PERIOD,
    /** rcu_barrier(): until every callback numbered up to {@code waitArg} has been invoked */
    RCU_BARRIER,
    /** flush_work() or cancel_work_sync(): until work {@code waitArg} is neither pending nor running */
    FLUSH_WORK,
    /** msleep(): may wake at any later time */
    MSLEEP,
    /**
     * msleep() above the function of timer {@code waitArg}, which runs from this CPU's
     * BASE_GLOBAL: its wake-up timer, queued on that base, never expires
     */
    TIMER_BASE_BUSY,
    /** percpu_ref_resurrect() waiting for an in-flight mode switch of ref {@code waitArg} */
    PERCPU_REF_SWITCH,
    /** del_timer_sync(): spinning until timer {@code waitArg}'s running function has returned */
    TIMER_SYNC,
    /** a kthread (kworker, rcuo) with nothing to do */
    IDLE,
    /** hrtimer_cancel(): spinning in hrtimer_cancel_wait_running() while hrtimer {@code waitArg}'s callback runs, then trying again */
    HRTIMER_CANCEL,
    /** flush_workqueue(), drain_workqueue() or destroy_workqueue(): until workqueue {@code waitArg} has no work */
    FLUSH_WORKQUEUE,
    /**
     * a cancel or mod_delayed_work() spinning on try_to_grab_pending() of work {@code waitArg},
     * left PENDING on no list by a refused queue: -EAGAIN for ever
     */
    GRAB_PENDING;

    /** Waiting to take a lock: a node of the wait-for graph. */
    boolean onLock() {
        return this == SPIN || this == LOCK;
    }

    boolean sleeps() {
        return this != NONE && this != SPIN && this != TIMER_SYNC && this != HRTIMER_CANCEL && this != GRAB_PENDING;
    }
}
