package zswapsim.kernel;

import zswapsim.lockdep.LockdepEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Softirq processing as kernel/softirq.c:handle_softirqs() does it: take the pending mask, run
 * each vector in bit order with BH counted as served (SOFTIRQ_OFFSET) and hardirqs enabled, then
 * restart while more got raised, up to MAX_SOFTIRQ_RESTART times.
 */
final class Softirqs {
    static final int MAX_SOFTIRQ_RESTART = 10;

    private Softirqs() {
    }

    /** May pending softirqs start here? Every entry point checks !in_interrupt(); irqs must be on. */
    static boolean canRun(CpuState c) {
        return c.pending != 0 && !c.irqsOff && !c.inInterrupt();
    }

    /** raise_softirq(): mark the vector pending on this CPU. */
    static void raise(Machine m, int vector) {
        CpuState c = m.cpuState();
        if ((c.pending & (1L << vector)) == 0) {
            c.pending |= 1L << vector;
            m.change("raise " + name(m.program, vector));
        }
    }

    /**
     * Enters softirq processing on top of whatever runs on the CPU. {@code inlineBody} is the block
     * of an {@code in_softirq:} op, run before the pending vectors, or -1.
     */
    static void enter(Machine m, int inlineBody) {
        CpuState c = m.cpuState();
        Context ctx = new Context(Context.Kind.SOFTIRQ, Context.irqId(m.cpu, c.irqStack.size()),
                inlineBody >= 0 ? "in_softirq" : pendingNames(m.program, c.pending));
        ctx.savedPreempt = c.preempt;
        ctx.savedBh = c.bh;
        ctx.savedIrqsOff = c.irqsOff;
        ctx.batch = c.pending;
        ctx.restarts = MAX_SOFTIRQ_RESTART;
        c.pending = 0;
        c.serving = 1;
        c.irqStack.add(ctx);
        m.observe(new WaitEvent.IrqEnters(m.cpu, ctx.id, Context.Kind.SOFTIRQ, ctx.label));
        // softirq_handle_begin(): __local_bh_disable_ip(SOFTIRQ_OFFSET); lockdep_softirq_enter()
        m.observe(new LockdepEvent.Softirqs(m.lockdepTask(), m.irqState(), false, m.site("__do_softirq")));
        m.change("serving softirq");
        if (inlineBody >= 0) {
            ctx.push(Frame.call(inlineBody, 0));
        }
        m.emit("softirq-enter", "softirq: handle_softirqs() runs " + (inlineBody >= 0 ? "in_softirq ops" : ctx.label));
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
        c.irqStack.remove(c.irqStack.size() - 1);
        m.observe(new WaitEvent.IrqExits(m.cpu));
        restoreCounts(m, ctx, "softirq");
        c.serving = 0;
        m.change("softirq done");
        m.emit("softirq-exit", "softirq: handle_softirqs() returns"
                + (c.pending != 0 ? " (still pending: " + pendingNames(m.program, c.pending) + ", left to ksoftirqd)" : ""));
        m.observe(new LockdepEvent.Softirqs(m.lockdepTask(), m.irqState(), true, m.site("__do_softirq")));
    }

    /** An interrupt must leave the counts as it found them; the kernel warns and repairs them. */
    static void restoreCounts(Machine m, Context ctx, String what) {
        CpuState c = m.cpuState();
        if (c.preempt != ctx.savedPreempt || c.bh != ctx.savedBh || c.irqsOff != ctx.savedIrqsOff) {
            m.emit("warn", "WARNING: " + what + " " + ctx.label + " exited with preempt_count or irq state changed"
                    + " (preempt " + c.preempt + ", bh " + c.bh + ", irqs " + (c.irqsOff ? "off" : "on") + ")");
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
