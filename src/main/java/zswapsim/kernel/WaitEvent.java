package zswapsim.kernel;

import java.util.List;

/**
 * What the deadlock monitor ({@link WaitForGraph}) observes: who waits for what, who holds or runs
 * what, and which context an interrupt stacked on. The CPU actors emit them as they learn of it
 * (a lock granted or contended, a Block or a Wake, an interrupt entered), the way they emit
 * lockdep's events (and the RCU actor the callbacks it queues, through its {@link Post});
 * only {@link WaitForGraph#observe} consumes them. Contexts are named by id
 * ({@link Context#id}).
 */
sealed interface WaitEvent {

    /**
     * {@code ctx} starts waiting on {@code until} for {@code arg} (a lock, a grace period, a work's
     * block, a timer). {@code fair}: a reader that queues behind writers (qrwlock in task context,
     * rwsem). {@code chain}: its call chain, innermost first, for the deadlock message.
     * {@code detail}: for rcu_barrier(), the last RCU callback it waits for; else -1.
     */
    record Waits(int ctx, Wait until, int arg, boolean read, boolean fair, List<String> chain, int detail) implements WaitEvent {
    }

    /** Lock {@code lock} is {@code ctx}'s (taken at once, or handed over while it waited). */
    record Granted(int ctx, int lock, boolean read) implements WaitEvent {
    }

    /** {@code ctx} lets go of {@code lock} (of one read hold, with {@code read}). */
    record Released(int ctx, int lock, boolean read) implements WaitEvent {
    }

    /** What {@code ctx} slept on has happened: it resumes on its next step. */
    record Woken(int ctx) implements WaitEvent {
    }

    /** {@code ctx}'s wait is over: it runs on. */
    record Resumes(int ctx) implements WaitEvent {
    }

    /** schedule() on {@code cpu}: {@code task} is its current task. */
    record Switched(int cpu, int task) implements WaitEvent {
    }

    /** {@code task} ran out of code. */
    record Exits(int task) implements WaitEvent {
    }

    /** An interrupt context {@code ctx} ({@code kind}, running {@code label}) enters on top of {@code cpu}'s stack. */
    record IrqEnters(int cpu, int ctx, Context.Kind kind, String label) implements WaitEvent {
    }

    /** The softirq context {@code ctx} goes on to the vector {@code label}. */
    record SoftirqRuns(int ctx, String label) implements WaitEvent {
    }

    /** The innermost interrupt of {@code cpu} returns. */
    record IrqExits(int cpu) implements WaitEvent {
    }

    /** call_timer_fn(): {@code ctx} runs timer {@code timer}'s function. */
    record TimerFnRuns(int timer, int ctx) implements WaitEvent {
    }

    record TimerFnReturns(int timer) implements WaitEvent {
    }

    /** process_one_work(): the kworker {@code ctx} of {@code cpu} runs {@code work}, queued on workqueue {@code wq}. */
    record WorkRuns(int cpu, int work, int wq, int ctx) implements WaitEvent {
    }

    /** The kworker {@code ctx}'s work returned. */
    record WorkReturns(int ctx) implements WaitEvent {
    }

    /** rcu_do_batch(): {@code ctx} of {@code cpu} invokes RCU callback number {@code seq}, function {@code block}. */
    record CallbackRuns(int cpu, int ctx, int seq, int block) implements WaitEvent {
    }

    /**
     * call_rcu(): the RCU actor queued callback number {@code seq} ({@code block} with {@code arg})
     * on {@code cpu} for grace period {@code gp}.
     */
    record CallbackQueued(int cpu, int seq, long gp, int block, int arg) implements WaitEvent {
    }

    /** The callback {@code cpu} invoked returned. */
    record CallbackReturns(int cpu) implements WaitEvent {
    }

    /** Grace period {@code gp} asks {@code cpu} for a quiescent state; {@code owed}: not answered at once (not idle). */
    record QsAsked(int cpu, long gp, boolean owed) implements WaitEvent {
    }

    record QsReported(int cpu) implements WaitEvent {
    }

    /** {@code task} slept inside a reader: the grace period waits for it to leave (blkd_tasks). */
    record ReaderBlocked(int task) implements WaitEvent {
    }

    record ReaderDone(int task) implements WaitEvent {
    }
}
