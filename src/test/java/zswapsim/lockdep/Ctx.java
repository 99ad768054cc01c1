package zswapsim.lockdep;

import java.util.List;

import zswapsim.scenario.SourcePos;

/** Irq states and sites for driving {@link Lockdep} directly, named after the kernel context they model. */
final class Ctx {
    static final LockdepTask TASK = new LockdepTask("sysfs-writer", 100);
    static final LockdepTask OTHER = new LockdepTask("kworker/0:1", 7);

    /** Task context, irqs and BH on. */
    static final IrqState PROCESS = new IrqState(true, true, 0, 0, 0, 0, 0, 0);
    /** Task context inside local_bh_disable(): SOFTIRQ_DISABLE_OFFSET counts 2 softirq levels, preempt_count 0x200. */
    static final IrqState BH_OFF = new IrqState(true, false, 0, 0, 0, 2, 0x200, 0);
    /** Task context inside local_irq_disable() (spin_lock_irq). */
    static final IrqState IRQS_OFF = new IrqState(false, true, 0, 0, 0, 0, 0, 0);
    /** Serving a softirq: hardirqs on, as handle_softirqs() runs handlers. */
    static final IrqState SOFTIRQ = new IrqState(true, false, 0, 1, 0, 1, 0x100, 0);
    /** Serving a softirq that took a lock with spin_lock_irqsave(). */
    static final IrqState SOFTIRQ_IRQS_OFF = new IrqState(false, false, 0, 1, 0, 1, 0x100, 0);
    /** Inside a hardirq handler. */
    static final IrqState HARDIRQ = new IrqState(false, true, 1, 0, 1, 0, 0x10000, 0);

    private Ctx() {
    }

    /** A site in function {@code fn} of a task, at line {@code line}, step {@code step}. */
    static Site site(String op, String fn, int line, int step) {
        return new Site(op, List.of(fn, "task sysfs-writer"), new SourcePos("t.yaml", line, 7), step);
    }

    /** A site inside a softirq handler. */
    static Site softirqSite(String op, String fn, int line, int step) {
        return new Site(op, List.of(fn, "rcu_do_batch", "RCU_SOFTIRQ"), new SourcePos("t.yaml", line, 7), step);
    }

    static void lock(Lockdep ld, IrqState s, String lock, int step) {
        ld.acquire(TASK, s, lock, lock, 0, false, site("spin_lock", "f", step, step));
    }

    static void unlock(Lockdep ld, IrqState s, String lock, int step) {
        ld.release(TASK, s, lock, lock, site("spin_unlock", "f", step, step));
    }
}
