package zswapsim.kernel;

import zswapsim.lockdep.LockdepEvent;
import zswapsim.lockdep.LockdepTask;

import java.util.ArrayList;
import java.util.List;

/**
 * Softirq processing as kernel/softirq.c:handle_softirqs() does it: take the pending mask, run
 * each vector in bit order with BH counted as served (SOFTIRQ_OFFSET) and hardirqs enabled, then
 * restart while more got raised, up to MAX_SOFTIRQ_RESTART times, and leave the rest to ksoftirqd.
 *
 * <p>Where it runs: at an irq exit, on top of the interrupted context (the scheduler's softirq
 * move); at local_bh_enable(); or in the per-CPU kthread ksoftirqd/N, a task of this CPU that
 * raise_softirq() wakes when it is called outside interrupt context (wakeup_softirqd()), as
 * handle_softirqs() does when it gives up restarting. ksoftirqd runs when the scheduler switches
 * to it, which it may only where the current task is preemptible; its run_ksoftirqd() enters
 * the same softirq processing on top of its own task context, so lockdep's current is
 * ksoftirqd/N, with its own held-lock list.
 */
final class Softirqs {
    static final int MAX_SOFTIRQ_RESTART = 10;

    private Softirqs() {
    }

    /** May pending softirqs start here? Every entry point checks !in_interrupt(); irqs must be on. */
    static boolean canRun(CpuState c) {
        return c.pending != 0 && !c.irqsOff && !c.inInterrupt();
    }

    /**
     * raise_softirq() from the running context: mark the vector pending on this CPU and, outside
     * interrupt context ("if we're in an interrupt or softirq, we're done ... we will actually run
     * the softirq once we return from the irq or softirq"), wake ksoftirqd.
     */
    static void raise(Machine m, int vector) {
        raiseInIrq(m, vector);
        if (!m.cpuState().inInterrupt()) {
            wakeupSoftirqd(m);
        }
    }

    /**
     * raise_softirq() in a hardirq the model does not push as a context of its own (an interrupt
     * arrival, the tick: RCU's invoke_rcu_core(), a timer's expiry): pending until the irq exit.
     */
    static void raiseInIrq(Machine m, int vector) {
        CpuState c = m.cpuState();
        if ((c.pending & (1L << vector)) == 0) {
            c.pending |= 1L << vector;
            m.change("raise " + name(m.program, vector));
        }
    }

    /** wakeup_softirqd(): wake this CPU's ksoftirqd if it sleeps. */
    static void wakeupSoftirqd(Machine m) {
        TaskState t = m.state.ownTask(m.state.ksoftirqdTask[m.cpu]);
        if (t.ctx.wait == Wait.IDLE && !t.ctx.woken) {
            t.ctx.woken = true;
            m.observe(new WaitEvent.Woken(t.ctx.id));
            m.change("wake " + t.comm);
        }
    }

    /**
     * run_ksoftirqd(), as smpboot_thread_fn() calls it while ksoftirqd_should_run(): with softirqs
     * pending, handle_softirqs() in ksoftirqd's task context, once the step's event is out;
     * with none (an irq exit ran them meanwhile), sleep until woken again.
     */
    static void runKsoftirqd(Machine m, Context ctx) {
        CpuState c = m.cpuState();
        if (c.pending == 0) {
            CpuActor.block(m, ctx, new CpuActor.Block(ctx.id, Wait.IDLE, -1, true));
            return;
        }
        c.runSoftirqsAfterStep = true;
    }

    /**
     * Enters softirq processing on top of whatever runs on the CPU. {@code inlineBody} is the block
     * of an {@code in_softirq:} op, run before the pending vectors, or -1.
     */
    static void enter(Machine m, int inlineBody) {
        enter(m, inlineBody, false);
    }

    /**
     * local_bh_enable()'s do_softirq(): entered with hardirqs off, as handle_softirqs() is; it
     * turns them on for the handlers, and the context's end is local_bh_enable()'s own
     * local_irq_enable() ({@link #finish}).
     */
    static void enterFromBhEnable(Machine m) {
        enter(m, -1, true);
    }

    private static void enter(Machine m, int inlineBody, boolean fromBhEnable) {
        CpuState c = m.cpuState();
        TaskState task = m.currentTask();
        boolean inKsoftirqd = c.irqStack.isEmpty() && task != null && task.kind == TaskState.Kind.KSOFTIRQD && task.onCpu();
        Context ctx = new Context(Context.Kind.SOFTIRQ, Context.irqId(m.cpu, c.irqStack.size()),
                inlineBody >= 0 ? "in_softirq" : pendingNames(m.program, c.pending));
        ctx.savedPreempt = c.preempt;
        ctx.savedBh = c.bh;
        ctx.savedIrqsOff = c.irqsOff;
        ctx.fromBhEnable = fromBhEnable;
        ctx.batch = c.pending;
        ctx.restarts = MAX_SOFTIRQ_RESTART;
        c.pending = 0;
        c.serving = 1;
        c.irqStack.add(ctx);
        m.observe(new WaitEvent.IrqEnters(m.cpu, ctx.id, Context.Kind.SOFTIRQ, ctx.label));
        // softirq_handle_begin(): __local_bh_disable_ip(SOFTIRQ_OFFSET); lockdep_softirq_enter()
        m.observe(new LockdepEvent.Softirqs(m.lockdepTask(), m.irqState(), false, m.site("__do_softirq")));
        m.change("serving softirq");
        if (fromBhEnable) {
            IrqControl.irqEnable(m, "handle_softirqs");     // only where local_bh_enable()'s caller had them off
        }
        if (inlineBody >= 0) {
            ctx.push(Frame.call(inlineBody, 0));
        }
        m.emit("softirq-enter", "softirq: handle_softirqs() runs " + (inlineBody >= 0 ? "in_softirq ops" : ctx.label)
                + (inKsoftirqd ? " in " + task.comm : ""));
        if (inlineBody < 0) {
            startNextVector(m, ctx);
        }
    }

    /** Pushes the next vector of the batch; false when the batch is done. */
    static boolean startNextVector(Machine m, Context ctx) {
        if (ctx.batch == 0) {
            return false;
        }
        int v = Long.numberOfTrailingZeros(ctx.batch);
        ctx.batch &= ~(1L << v);
        ctx.label = name(m.program, v);
        m.observe(new WaitEvent.SoftirqRuns(ctx.id, ctx.label));
        if (v == Program.RCU_SOFTIRQ) {
            ctx.push(Frame.call(m.program.rcuDoBatchBlock, 0));
        } else {
            ctx.push(Frame.call(m.program.softirqs.get(v).block(), 0));
        }
        return true;
    }

    /**
     * The softirq context ran out of code: next vector, restart if more were raised, or leave
     * (softirq_handle_end) and give the CPU back to the interrupted context.
     */
    static void finish(Machine m, Context ctx) {
        CpuState c = m.cpuState();
        if (startNextVector(m, ctx)) {
            return;
        }
        if (c.pending != 0 && ctx.restarts > 1) {
            ctx.restarts--;
            ctx.batch = c.pending;
            c.pending = 0;
            startNextVector(m, ctx);
            return;
        }
        // Whose softirqs go back on: the interrupted task's, or the idle task's when it slept.
        LockdepTask current = m.lockdepTask();
        m.leaveInterrupt(ctx);
        if (ctx.fromBhEnable && ctx.savedIrqsOff) {
            IrqControl.irqDisable(m, "handle_softirqs");    // as it was entered; local_bh_enable() turns them on below
        }
        restoreCounts(m, ctx);
        c.serving = 0;
        m.change("softirq done");
        if (c.pending != 0) {
            wakeupSoftirqd(m);      // MAX_SOFTIRQ_RESTART rounds done and more raised
        }
        m.emit("softirq-exit", "softirq: handle_softirqs() returns"
                + (c.pending != 0 ? " (still pending: " + pendingNames(m.program, c.pending) + ", left to ksoftirqd)" : ""));
        m.observe(new LockdepEvent.Softirqs(current, m.irqState(), true, m.site("__do_softirq")));
        if (ctx.fromBhEnable) {
            IrqControl.irqEnable(m, "local_bh_enable");
        }
    }

    /**
     * handle_softirqs(): a handler must leave preempt_count() as it found it; the kernel prints
     * "huh, entered softirq ..." and puts it back (preempt_count_set()). Interrupts a handler left
     * off are put back without a word: the loop's own local_irq_disable(), then the interrupt's
     * return or do_softirq()'s local_irq_restore().
     */
    private static void restoreCounts(Machine m, Context ctx) {
        CpuState c = m.cpuState();
        if (c.preempt != ctx.savedPreempt || c.bh != ctx.savedBh) {
            int exited = Machine.preemptCount(c);
            int entered = exited + (ctx.savedPreempt - c.preempt) * Machine.PREEMPT_OFFSET
                    + (ctx.savedBh - c.bh) * Machine.SOFTIRQ_DISABLE_OFFSET;
            m.emit("warn", String.format("huh, entered softirq %s with preempt_count %08x, exited with %08x?",
                    ctx.label, entered, exited));
        }
        c.preempt = ctx.savedPreempt;
        c.bh = ctx.savedBh;
        c.irqsOff = ctx.savedIrqsOff;
    }

    static String name(Program p, int vector) {
        return p.softirqs.get(vector).name();
    }

    static String pendingNames(Program p, long mask) {
        List<String> names = new ArrayList<>();
        for (long rest = mask; rest != 0; rest &= rest - 1) {
            names.add(name(p, Long.numberOfTrailingZeros(rest)));
        }
        return String.join(",", names);
    }
}
