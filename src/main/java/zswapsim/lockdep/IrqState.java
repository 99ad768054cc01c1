package zswapsim.lockdep;

/**
 * The CPU's interrupt state at an event, read off the model, in the terms lockdep prints
 * ({@code [HC%u[%lu]:SC%u[%lu]:HE%u:SE%u]}).
 *
 * @param hardirqsEnabled   lockdep_hardirqs_enabled()
 * @param softirqsEnabled   current->softirqs_enabled: BH count is zero and not serving a softirq
 * @param hardirqContext    lockdep_hardirq_context(): 1 inside a hardirq handler
 * @param softirqContext    current->softirq_context: 1 inside softirq processing
 * @param hardirqCount      hardirq_count() >> HARDIRQ_SHIFT
 * @param softirqCount      softirq_count() >> SOFTIRQ_SHIFT: 1 per softirq being served plus 2 per
 *                          local_bh_disable level (SOFTIRQ_DISABLE_OFFSET = 2 * SOFTIRQ_OFFSET)
 * @param preemptCount      the whole preempt_count() in the kernel's units (PREEMPT_OFFSET 1, SOFTIRQ_OFFSET
 *                          0x100, SOFTIRQ_DISABLE_OFFSET 0x200, HARDIRQ_OFFSET 0x10000), as in_atomic() sees it
 * @param rcuDepth          rcu_read_lock() nesting of the current context
 * @param hardirqThreaded   in a hardirq: current->hardirq_threaded || current->irq_config, a handler that
 *                          force_irqthreads would thread (a device's); false in hrtimer_interrupt()
 */
public record IrqState(boolean hardirqsEnabled, boolean softirqsEnabled, int hardirqContext, int softirqContext,
                       int hardirqCount, int softirqCount, int preemptCount, int rcuDepth, boolean hardirqThreaded) {

    /** This state inside a local_irq_disable() that the CPU's own flag does not show (lockdep's view only). */
    public IrqState withHardirqsOff() {
        return new IrqState(false, softirqsEnabled, hardirqContext, softirqContext, hardirqCount, softirqCount,
                preemptCount, rcuDepth, hardirqThreaded);
    }

    /** A state whose hardirq, if any, is a threadable device handler's. */
    public IrqState(boolean hardirqsEnabled, boolean softirqsEnabled, int hardirqContext, int softirqContext,
                    int hardirqCount, int softirqCount, int preemptCount, int rcuDepth) {
        this(hardirqsEnabled, softirqsEnabled, hardirqContext, softirqContext, hardirqCount, softirqCount, preemptCount,
                rcuDepth, true);
    }
}
