package zswapsim.lockdep;

import java.util.List;

/**
 * __might_resched() (CONFIG_DEBUG_ATOMIC_SLEEP, with CONFIG_PREEMPT_RCU): a function that may
 * sleep was called where sleeping is forbidden. Not a lockdep report: it does not turn lockdep off.
 */
final class MightResched {
    private final LockPrinter printer;
    private final DebugLocks debugLocks;

    MightResched(LockPrinter printer, DebugLocks debugLocks) {
        this.printer = printer;
        this.debugLocks = debugLocks;
    }

    /** resched_offsets_ok() with offsets 0, irqs_disabled(): where might_sleep() complains. */
    static boolean invalidContext(IrqState s) {
        return s.preemptCount() != 0 || !s.hardirqsEnabled() || s.rcuDepth() != 0;
    }

    List<String> report(Current curr, String function) {
        IrqState s = curr.irq();
        Site site = curr.site();
        Printk p = new Printk();
        // The kernel prints the caller's __FILE__:__LINE__; for the kernel's own code the model has
        // no line (do_exit()'s percpu_down_read(), say), so it names the function.
        String where = site == null || site.pos() == null ? function : site.pos().file() + ":" + site.pos().line();
        p.pr("BUG: sleeping function called from invalid context at " + where + "\n");
        p.pr("in_atomic(): " + (s.preemptCount() != 0 ? 1 : 0) + ", irqs_disabled(): "
                + (s.hardirqsEnabled() ? 0 : 1) + ", non_block: 0, pid: " + curr.task().pid() + ", name: "
                + curr.task().comm() + "\n");
        p.pr("preempt_count: " + Integer.toHexString(s.preemptCount()) + ", expected: 0\n");
        p.pr("RCU nest depth: " + s.rcuDepth() + ", expected: 0\n");
        // debug_show_held_locks()
        if (!debugLocks.on()) {
            p.pr("INFO: lockdep is turned off.\n");
        } else {
            printer.printHeldLocks(p, curr);
        }
        if (!s.hardirqsEnabled()) {
            LockPrinter.printIrqtraceEvents(p, curr.state().irqtrace);
        }
        // dump_stack(): the sleeping function on top of the op's call chain.
        p.pr("Call Trace:\n");
        if (site == null || site.op() == null || !site.op().startsWith(function)) {
            p.pr("  " + function + "\n");
        }
        LockPrinter.printLockTrace(p, site, 1);
        return p.lines();
    }
}
