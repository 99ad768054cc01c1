package zswapsim.kernel;

import zswapsim.lockdep.LockdepEvent;

/**
 * local_bh_*, local_irq_* and preempt_* with the lockdep hooks the kernel calls from them
 * (kernel/softirq.c, include/linux/irqflags.h).
 */
final class IrqControl {
    private IrqControl() {
    }

    static void bhDisable(Machine m) {
        CpuState c = m.cpuState();
        c.bh++;
        m.change("bh", c.bh - 1, c.bh);
        if (c.bh == 1 && c.serving == 0) {
            m.observe(new LockdepEvent.Softirqs(m.lockdepTask(), m.irqState(), false, m.site("local_bh_disable")));
        }
    }

    /**
     * __local_bh_enable_ip() as lockdep's CONFIG_TRACE_IRQFLAGS builds it: with hardirqs off, the
     * count drops (lockdep_softirqs_on() then marks no held lock), pending softirqs run unless
     * in_interrupt(), and a local_irq_enable() ends it, marking the held locks HARDIRQ-ON and
     * SOFTIRQ-ON only then, after the softirqs. That local_irq_enable() turns hardirqs on even
     * where the caller had them off (lockdep_assert_irqs_enabled() warns first).
     */
    static void bhEnable(Machine m) {
        CpuState c = m.cpuState();
        if (c.bh == 0) {
            m.emit("warn", "WARNING: local_bh_enable() with BH not disabled");
            return;
        }
        if (c.irqsOff) {
            m.emit("warn", "WARNING: CPU: " + m.cpu + " PID: " + m.lockdepTask().pid()
                    + " at kernel/softirq.c __local_bh_enable_ip: lockdep_assert_irqs_enabled(): BH enabled with hardirqs"
                    + " disabled; it returns with them enabled");
        }
        c.bh--;
        m.change("bh", c.bh + 1, c.bh);
        boolean runSoftirqs = !c.inInterrupt() && c.pending != 0;
        if (c.bh == 0 && c.serving == 0) {
            // Marks as the local_irq_enable() at the end does, unless softirqs run before that.
            m.observe(new LockdepEvent.Softirqs(m.lockdepTask(), runSoftirqs ? m.irqState().withHardirqsOff() : m.irqState(),
                    true, m.site("local_bh_enable")));
        }
        if (runSoftirqs) {
            c.runSoftirqsAfterStep = true;
            c.softirqsFromBhEnable = true;
        } else if (c.hardirq == 0) {
            irqEnable(m, "local_bh_enable");
        }
    }

    static void irqDisable(Machine m, String op) {
        CpuState c = m.cpuState();
        if (!c.irqsOff) {
            c.irqsOff = true;
            m.change("irqs on->off");
            m.observe(new LockdepEvent.Hardirqs(m.lockdepTask(), m.irqState(), false, m.site(op)));
        }
    }

    static void irqEnable(Machine m, String op) {
        CpuState c = m.cpuState();
        if (c.irqsOff) {
            c.irqsOff = false;
            m.change("irqs off->on");
            m.observe(new LockdepEvent.Hardirqs(m.lockdepTask(), m.irqState(), true, m.site(op)));
        }
    }

    /** local_irq_save(): remember whether irqs were off, then disable them. */
    static void irqSave(Machine m, Context ctx, String op) {
        if (ctx.savedCount >= 63) {
            throw new zswapsim.scenario.ScenarioException(m.where() + ": local_irq_save nested too deeply");
        }
        if (m.cpuState().irqsOff) {
            ctx.savedFlags |= 1L << ctx.savedCount;
        } else {
            ctx.savedFlags &= ~(1L << ctx.savedCount);
        }
        ctx.savedCount++;
        irqDisable(m, op);
    }

    /** local_irq_restore(): back to the state saved by the matching save. */
    static void irqRestore(Machine m, Context ctx, String op) {
        if (ctx.savedCount == 0) {
            m.emit("warn", "WARNING: " + op + " without a matching save; irqs enabled");
            irqEnable(m, op);
            return;
        }
        ctx.savedCount--;
        boolean wasOff = (ctx.savedFlags & (1L << ctx.savedCount)) != 0;
        if (!wasOff) {
            irqEnable(m, op);
        }
    }

    static void preemptDisable(Machine m) {
        CpuState c = m.cpuState();
        c.preempt++;
        m.change("preempt", c.preempt - 1, c.preempt);
    }

    /**
     * preempt_enable(): with CONFIG_DEBUG_PREEMPT, preempt_count_dec_and_test() is
     * preempt_count_sub(1), whose underflow checks are DEBUG_LOCKS_WARN_ON()s: with no preemption
     * count left (after "scheduling while atomic" reset it), debug_locks_off() turns lockdep off
     * for good, the WARN printed only if it was on, and the count stays as it is.
     */
    static void preemptEnable(Machine m) {
        CpuState c = m.cpuState();
        if (c.preempt == 0) {
            if (m.state.lockdep.enabled()) {
                String check = Machine.preemptCount(c) < 1 ? "val > preempt_count()"
                        : "(val < PREEMPT_MASK) && !(preempt_count() & PREEMPT_MASK)";
                m.emit("warn", "WARNING: CPU: " + m.cpu + " PID: " + m.lockdepTask().pid()
                        + " at kernel/sched/core.c preempt_count_sub: DEBUG_LOCKS_WARN_ON(" + check
                        + "): preempt_enable() with preemption not disabled; lockdep is off from here on");
            }
            m.observe(new LockdepEvent.DebugLocksWarn(m.lockdepTask(), m.irqState(), m.site("preempt_enable")));
            return;
        }
        c.preempt--;
        m.change("preempt", c.preempt + 1, c.preempt);
    }
}
