package zswapsim.kernel;

import java.util.ArrayList;

/**
 * One CPU: its current task, the interrupt contexts stacked on it, and the parts of
 * preempt_count and the irq flag that decide what may run next.
 */
final class CpuState {
    /** The task that last ran here (-1: none yet). It is running unless it sleeps or is done. */
    int current = -1;
    boolean irqsOff;
    /** preempt_disable() depth, including the one spin_lock() takes. */
    int preempt;
    /** local_bh_disable() depth (each is SOFTIRQ_DISABLE_OFFSET in the kernel). */
    int bh;
    /** 1 while serving softirqs (SOFTIRQ_OFFSET). */
    int serving;
    /** 1 inside a hardirq handler (HARDIRQ_OFFSET). */
    int hardirq;
    /** The timer base: timers queued here (bit n = timer n), and those the tick found expired. */
    long timersArmed;
    long timersExpired;
    /**
     * With timer migration, the global timers this CPU's tick may find expired (the timers actor
     * says which): its own, and an idle CPU's while this one is a CPU that expires them.
     */
    long timersOffered;
    /**
     * Expired timers of an idle CPU's BASE_GLOBAL that this CPU runs (tmigr_handle_remote()), from
     * the tick that found them to their function's return: this CPU's own base is not running them.
     */
    long timersRemote;
    /** What this CPU last told the timers actor: it idles (tmigr_cpu_deactivate()). */
    boolean tmigrInactive;
    /** Pending softirq vectors, bit n = vector n. */
    long pending;
    /** This CPU's tasklet list (tasklet_vec, bit n = tasklet n), and the part tasklet_action() detached. */
    long tasklets;
    long taskletBatch;
    ArrayList<Context> irqStack;
    /** rcu_data.core_needs_qs: the grace period {@code qsGp} waits for this CPU's quiescent state. */
    boolean qsNeeded;
    /** For the trace only, so not in the fingerprint: which grace period the last request was for. */
    long qsGp;

    // What the step in flight deferred to its end (FinishStep); always clear between moves.
    /** Set by local_bh_enable() and irq exit: pending softirqs run once the step's event is out. */
    boolean runSoftirqsAfterStep;
    /** ... and they are local_bh_enable()'s do_softirq(), which runs them with hardirqs off too. */
    boolean softirqsFromBhEnable;
    /** An in_softirq:/in_hardirq: op's body, entered once the op's event is out (-1: none). */
    int deferredInlineSoftirq = -1;
    int deferredInlineHardirq = -1;

    CpuState() {
        this(new ArrayList<>(2));
    }

    /** For copy(): no list allocated only to be replaced. */
    private CpuState(ArrayList<Context> irqStack) {
        this.irqStack = irqStack;
    }

    CpuState copy() {
        CpuState c = new CpuState(new ArrayList<>(irqStack.size()));
        c.current = current;
        c.irqsOff = irqsOff;
        c.preempt = preempt;
        c.bh = bh;
        c.serving = serving;
        c.hardirq = hardirq;
        c.pending = pending;
        c.timersArmed = timersArmed;
        c.timersExpired = timersExpired;
        c.timersOffered = timersOffered;
        c.timersRemote = timersRemote;
        c.tmigrInactive = tmigrInactive;
        c.tasklets = tasklets;
        c.taskletBatch = taskletBatch;
        c.qsNeeded = qsNeeded;
        c.qsGp = qsGp;
        for (int i = 0; i < irqStack.size(); i++) {
            c.irqStack.add(irqStack.get(i).copy());
        }
        return c;
    }

    void hash(Fingerprint f, Relabel r, RcuState rcu) {
        f.add(r.task(current)).add(irqsOff).add(preempt).add(bh).add(serving).add(hardirq).add(pending).add(timersArmed).add(timersExpired).add(timersOffered).add(timersRemote).add(tmigrInactive).add(tasklets).add(taskletBatch).add(qsNeeded).add(irqStack.size());
        for (int i = 0; i < irqStack.size(); i++) {
            irqStack.get(i).hash(f, r, rcu);
        }
    }

    /** Preemption, BH and hardirqs all enabled: the counts allow a switch or a quiescent state here. */
    boolean preemptionEnabled() {
        return preempt == 0 && bh == 0 && !irqsOff;
    }

    /** in_interrupt(): hardirq, softirq being served, or BH disabled. */
    boolean inInterrupt() {
        return hardirq > 0 || serving > 0 || bh > 0;
    }
}
