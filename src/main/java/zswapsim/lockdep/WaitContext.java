package zswapsim.lockdep;

import java.util.List;

/**
 * check_wait_context(): a lock may only be taken where its wait type fits, so no mutex under a
 * spinlock or in a softirq, and (with CONFIG_PROVE_RAW_LOCK_NESTING) no spinlock_t under a
 * raw_spinlock_t. The context allows {@link #taskWaitContext} and every held lock of the current
 * irq context that has a wait type narrows it; a lock whose wait type is wider is reported.
 */
final class WaitContext {
    private final DependencyGraph graph;
    private final DebugLocks debugLocks;
    private final LockPrinter printer;
    private final WaitTypes waitTypes;

    WaitContext(DependencyGraph graph, DebugLocks debugLocks, LockPrinter printer, WaitTypes waitTypes) {
        this.graph = graph;
        this.debugLocks = debugLocks;
        this.printer = printer;
        this.waitTypes = waitTypes;
    }

    /** False once "BUG: Invalid wait context" has been reported. Maps that are no lock and trylocks pass. */
    boolean check(Current curr, HeldLock next) {
        LockClass nextClass = graph.get(next.classIdx());
        int nextInner = nextClass.waitTypeInner;
        if (nextInner == WaitTypes.LD_WAIT_INV || next.trylock()) {
            return true;
        }
        int nextOuter = nextClass.waitTypeOuter != 0 ? nextClass.waitTypeOuter : nextInner;
        List<HeldLock> held = curr.state().heldLocks();
        int depth = held.size();
        while (depth > 0 && held.get(depth - 1).irqContext() == next.irqContext()) {
            depth--;
        }
        int context = taskWaitContext(curr.irq());
        int currInner = context;
        for (; depth < held.size(); depth++) {
            int prevInner = graph.get(held.get(depth).classIdx()).waitTypeInner;
            if (prevInner != WaitTypes.LD_WAIT_INV) {
                currInner = Math.min(currInner, prevInner);
            }
        }
        // An inner type may exceed an outer one held before it (RCU's readers are wait-free outside).
        if (nextOuter <= currInner) {
            return true;
        }
        debugLocks.lockdepBug(new LockdepReport("invalid-wait-context", graph.get(next.classIdx()).name, null,
                UsageValidator.step(curr), debugLocks.text(() -> invalidWaitContext(curr, next, context))));
        return false;
    }

    /**
     * task_wait_context(): softirqs are always threaded on PREEMPT_RT, so they allow LD_WAIT_CONFIG;
     * so do hardirq handlers that force_irqthreads would thread, which every scenario handler is
     * (request_irq() without IRQF_NO_THREAD); hrtimer_interrupt(), which runs hard hrtimers'
     * callbacks, is not (lockdep_hrtimer_enter() sets irq_config only for a timer not started in
     * a _HARD mode, and the model's hard hrtimers are HRTIMER_MODE_REL_HARD): LD_WAIT_SPIN.
     * Task context allows anything.
     */
    private int taskWaitContext(IrqState s) {
        if (s.hardirqContext() > 0) {
            return s.hardirqThreaded() ? waitTypes.config() : WaitTypes.LD_WAIT_SPIN;
        }
        if (s.softirqContext() > 0) {
            return waitTypes.config();
        }
        return waitTypes.max();
    }

    /** print_lock_invalid_wait_context(). */
    private List<String> invalidWaitContext(Current curr, HeldLock next, int context) {
        Printk p = new Printk();
        printer.header(p, "[ BUG: Invalid wait context ]", 29);
        p.pr(LockPrinter.task(curr) + " is trying to lock:\n");
        printer.printLock(p, next);
        p.pr("other info that might help us debug this:\n");
        p.pr("context-{" + context + ":" + context + "}\n");
        printer.printHeldLocks(p, curr);
        p.pr("stack backtrace:\n");
        LockPrinter.printLockTrace(p, curr.site(), 1);
        return p.lines();
    }
}
