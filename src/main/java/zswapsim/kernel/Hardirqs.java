package zswapsim.kernel;

import zswapsim.lockdep.LockdepEvent;
import zswapsim.lockdep.LockdepTask;

import zswapsim.scenario.InterruptDecl;

/** Interrupt arrivals: irq_enter, the handler, irq_exit (which runs pending softirqs). */
final class Hardirqs {
    private Hardirqs() {
    }

    /** An arrival of the scenario's interrupt {@code index} on this CPU (hardirqs are enabled). */
    /** Is {@code irq} hrtimer_interrupt(), the hardirq that runs hard hrtimers' callbacks? */
    static boolean isHrtimerInterrupt(Program p, Context irq) {
        return irq.kind == Context.Kind.HARDIRQ && !irq.frames.isEmpty() && irq.frames.get(0).block() == p.hrtimerInterruptBlock;
    }

    static void arrive(Machine m, int index) {
        InterruptDecl irq = m.program.interrupts.get(index);
        int target = m.program.interruptTargets.get(index);
        if (irq.kind() == InterruptDecl.Kind.HARDIRQ) {
            enter(m, target, irq.handler());
            m.top().wakeThread = m.state.irqThreadTask[index];
            return;
        }
        // A softirq "arrives" the way real ones do: some hardirq raises it, and irq_exit runs it.
        Softirqs.raiseInIrq(m, target);
        m.emit("op", "interrupt raises " + irq.handler() + " softirq");
        if (Softirqs.canRun(m.cpuState())) {
            Softirqs.enter(m, -1);
        }
    }

    static void enter(Machine m, int block, String label) {
        CpuState c = m.cpuState();
        Context ctx = new Context(Context.Kind.HARDIRQ, Context.irqId(m.cpu, c.irqStack.size()), label);
        ctx.savedIrqsOff = c.irqsOff;
        c.irqsOff = true;
        m.observe(new LockdepEvent.Hardirqs(m.lockdepTask(), m.irqState(), false, m.site("irq entry")));
        c.hardirq++;     // nests once a handler has enabled interrupts
        c.irqStack.add(ctx);
        m.observe(new WaitEvent.IrqEnters(m.cpu, ctx.id, Context.Kind.HARDIRQ, label));
        ctx.push(Frame.call(block, 0));
        m.change("in hardirq, irqs off");
        m.emit("hardirq-enter", "hardirq: " + label);
    }

    /** irq_exit(): leave the handler; run pending softirqs unless the interrupted code is in_interrupt(). */
    static void exit(Machine m, Context ctx) {
        CpuState c = m.cpuState();
        if (ctx.wakeThread >= 0) {
            IrqThreads.wake(m, ctx.wakeThread);     // the handler returned IRQ_WAKE_THREAD
        }
        // Whose irq state the return restores: the interrupted task's, or the idle task's when it slept.
        LockdepTask current = m.lockdepTask();
        m.leaveInterrupt(ctx);
        c.hardirq--;
        if (!c.irqsOff) {
            m.emit("warn", "WARNING: irq handler " + ctx.label + " enabled interrupts");
        }
        // The irq return restores the interrupted context's flags; nothing on the hardirq path
        // repairs a preempt count the handler left changed (only handle_softirqs() and
        // call_timer_fn() do), so the interrupted code goes on with it.
        c.irqsOff = ctx.savedIrqsOff;
        m.change("hardirq done");
        m.emit("hardirq-exit", "hardirq: " + ctx.label + " returns");
        if (!c.irqsOff) {
            m.observe(new LockdepEvent.Hardirqs(current, m.irqState(), true, m.site("irq exit")));
        }
        if (Softirqs.canRun(c)) {
            Softirqs.enter(m, -1);
        }
    }
}
