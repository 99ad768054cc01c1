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
            m.warning("kernel/softirq.c __local_bh_enable_ip", "lockdep_assert_irqs_enabled(): BH enabled with hardirqs"
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
        } else {
            irqEnable(m, "local_bh_enable");     // unconditional, even in a hardirq handler
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
            if (c.hardirq > 0 && m.state.lockdep.enabled()) {
                m.warning("kernel/locking/lockdep.c lockdep_hardirqs_on_prepare", "DEBUG_LOCKS_WARN_ON(lockdep_hardirq_context()): "
                        + op + " enables interrupts in a hardirq handler; lockdep turns off");
            }
            c.irqsOff = false;
            m.change("irqs off->on");
            m.observe(new LockdepEvent.Hardirqs(m.lockdepTask(), m.irqState(), true, m.site(op)));
        }
    }

    /** A save or restore that belongs to no lock: local_irq_save()/local_irq_restore() and the kernel's own pairs. */
    static final int NO_LOCK = -1;

    /**
     * local_irq_save(), or the save of {@code lock}'s *_irqsave: remember whether irqs were off,
     * then disable them. The saved flags are a C variable; the scenario names them by the lock.
     */
    static void irqSave(Machine m, Context ctx, String op, int lock) {
        if (ctx.irqSaves.length >= 64) {
            throw new zswapsim.scenario.ScenarioException(m.where() + ": local_irq_save nested too deeply");
        }
        int[] saves = java.util.Arrays.copyOf(ctx.irqSaves, ctx.irqSaves.length + 1);
        saves[saves.length - 1] = (lock + 1) << 1 | (m.cpuState().irqsOff ? 1 : 0);
        ctx.irqSaves = saves;
        irqDisable(m, op);
    }

    /**
     * local_irq_restore(flags): back to the state {@code flags} saved. spin_unlock_irqrestore()
     * restores the flags its lock's irqsave saved, even when other saves came after it (hand over
     * hand); without one, or for a bare local_irq_restore(), the newest bare save, else the newest
     * of all (spin_lock_irqsave(); spin_unlock(); local_irq_restore()). As on x86, a restore only
     * ever enables: flags saved with irqs off leave them as they are, on when an earlier restore
     * (out of order) enabled them.
     */
    static void irqRestore(Machine m, Context ctx, String op, int lock) {
        int i = newestSave(ctx, lock + 1);
        if (i < 0) {
            i = newestSave(ctx, 0);
        }
        if (i < 0) {
            i = ctx.irqSaves.length - 1;
        }
        if (i < 0) {
            m.emit("warn", "WARNING: " + op + " without a matching save; irqs enabled");
            irqEnable(m, op);
            return;
        }
        boolean wasOff = (ctx.irqSaves[i] & 1) != 0;
        int[] saves = new int[ctx.irqSaves.length - 1];
        System.arraycopy(ctx.irqSaves, 0, saves, 0, i);
        System.arraycopy(ctx.irqSaves, i + 1, saves, i, saves.length - i);
        ctx.irqSaves = saves.length == 0 ? Context.NO_SAVES : saves;
        // include/linux/irqflags.h local_irq_restore() since v5.9 traces only the on edge
        // (trace_hardirqs_on()): flags saved with irqs off call no lockdep hook at all.
        if (!wasOff) {
            irqEnable(m, op);
        }
    }

    /** The index of the newest save with this key, or -1. */
    private static int newestSave(Context ctx, int key) {
        for (int i = ctx.irqSaves.length - 1; i >= 0; i--) {
            if (ctx.irqSaves[i] >> 1 == key) {
                return i;
            }
        }
        return -1;
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
            String check = Machine.preemptCount(c) < 1 ? "val > preempt_count()"
                    : "(val < PREEMPT_MASK) && !(preempt_count() & PREEMPT_MASK)";
            m.debugLocksWarnOn("kernel/sched/core.c preempt_count_sub", "DEBUG_LOCKS_WARN_ON(" + check
                    + "): preempt_enable() with preemption not disabled", "preempt_enable");
            return;
        }
        c.preempt--;
        m.change("preempt", c.preempt + 1, c.preempt);
    }
}
