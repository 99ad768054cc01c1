package zswapsim.kernel;

/**
 * The CPU's side of percpu_ref_switch_lock (lib/percpu-refcount.c), the one spinlock all
 * percpu_refs share: percpu_ref_kill(), _resurrect(), _reinit() and _exit() take it with
 * spin_lock_irqsave(), and percpu_ref_is_zero() does for a ref out of percpu mode. The ref's actor
 * says when an op needs it ({@link CpuActor.TakeSwitchLock}): the CPU saves and disables irqs, tells
 * lockdep, and asks the lock; once it is granted, at once or after spinning, the op goes to the
 * ref again, marked as holding it. The op drops it at its end, or, when the kill's put ran the
 * release, after the release has returned (the unlock frame), so that others spin on it meanwhile.
 */
final class SwitchLock {
    private static final String OP = "spin_lock_irqsave";

    private SwitchLock() {
    }

    static void take(Machine m, Context ctx) {
        IrqControl.irqSave(m, ctx, OP, m.program.switchLock);
        LockMaps.acquire(m, Refcounts.SWITCH_LOCK, OP);
        Locking.ask(m, ctx, m.program.switchLock, false, false);
    }

    /** The lock is the context's: the op that asked for it (just before the pc) runs now. */
    static void granted(Machine m, Context ctx) {
        Frame f = ctx.top();
        Executor.sendRefOp(m, ctx, m.program.block(f.block()).insns().get(f.pc() - 1), true);
    }

    /** spin_unlock_irqrestore(&percpu_ref_switch_lock) by the context that holds it. */
    static void release(Machine m, Context ctx) {
        String op = "spin_unlock_irqrestore";
        Locking.release(m, ctx, m.program.switchLock, false, op);
        IrqControl.irqRestore(m, ctx, op, m.program.switchLock);
    }
}
