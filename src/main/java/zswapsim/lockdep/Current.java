package zswapsim.lockdep;

/**
 * {@code current} as a check sees it: the task, its lockdep state, the CPU's irq state and where
 * the event happens ({@code save_trace()} of the current stack).
 */
record Current(LockdepTask task, TaskLockState state, IrqState irq, Site site) {
    /**
     * current->softirqs_enabled: lockdep's own flag (a BH count that schedule() reset leaves it
     * off), and off wherever the CPU's count says BH is disabled.
     */
    boolean softirqsEnabled() {
        return irq.softirqsEnabled() && state.softirqsEnabled();
    }
}
