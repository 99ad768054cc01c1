package zswapsim.lockdep;

/**
 * {@code current} as a check sees it: the task, its lockdep state, the CPU's irq state and where
 * the event happens ({@code save_trace()} of the current stack).
 */
record Current(LockdepTask task, TaskLockState state, IrqState irq, Site site) {
}
