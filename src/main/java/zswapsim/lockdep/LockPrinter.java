package zswapsim.lockdep;

import java.util.List;

/**
 * The helpers every lockdep report uses: print_kernel_ident(), print_lock(), print_lock_name(),
 * lockdep_print_held_locks(), print_irqtrace_events() and stack traces. Where the kernel prints an
 * address (%px) we print the lock instance or the scenario position; where it prints a symbol (%pS)
 * we print the scenario op and the function it ran in.
 */
final class LockPrinter {
    static final String UTS_RELEASE = "6.8.0-zswapsim";
    static final String UTS_VERSION = "#1";
    /** TAINT_FLAGS_COUNT in v6.8: P F S R M B U D A W C I O E L K X T N. */
    private static final int TAINT_FLAGS_COUNT = 19;
    private static final int TAINT_WARN = 9;

    private final DependencyGraph graph;
    private final DebugLocks debugLocks;

    LockPrinter(DependencyGraph graph, DebugLocks debugLocks) {
        this.graph = graph;
        this.debugLocks = debugLocks;
    }

    /** The banner every lockdep splat opens with: rule, headline, print_kernel_ident(), rule. */
    void header(Printk p, String headline, int width) {
        p.pr("\n");
        p.pr("=".repeat(width) + "\n");
        p.pr(headline + "\n");
        p.pr(UTS_RELEASE + " " + UTS_VERSION + " " + printTainted() + "\n");
        p.pr("-".repeat(width) + "\n");
    }

    /** print_tainted(): "Not tainted", or one char per taint flag once a WARN has tainted the kernel. */
    String printTainted() {
        if (!debugLocks.tainted()) {
            return "Not tainted";
        }
        StringBuilder sb = new StringBuilder("Tainted: G");
        for (int i = 1; i < TAINT_FLAGS_COUNT; i++) {
            sb.append(i == TAINT_WARN ? 'W' : ' ');
        }
        return sb.toString();
    }

    /** The "comm/pid [HC0[0]:SC1[1]:HE1:SE0]" prefix of usage reports. */
    static String taskIrqLine(Current curr) {
        IrqState s = curr.irq();
        return curr.task().comm() + "/" + curr.task().pid()
                + " [HC" + s.hardirqContext() + "[" + s.hardirqCount() + "]"
                + ":SC" + s.softirqContext() + "[" + s.softirqCount() + "]"
                + ":HE" + (s.hardirqsEnabled() ? 1 : 0) + ":SE" + (curr.softirqsEnabled() ? 1 : 0) + "]";
    }

    static String task(Current curr) {
        return curr.task().comm() + "/" + curr.task().pid();
    }

    LockClass lockClass(int idx) {
        return graph.get(idx);
    }

    /** __print_lock_name(): the class name (no name versions or subclasses here). */
    static String name(LockClass c) {
        return c.name;
    }

    /** print_lock_name(): " (name){usage}-{outer:inner}", continuing the open line (outer 0 prints as inner). */
    void printLockName(Printk p, LockClass c) {
        p.cont(" (" + c.name + "){" + LockUsageBit.usageChars(c.usageMask) + "}-{"
                + (c.waitTypeOuter != 0 ? c.waitTypeOuter : c.waitTypeInner) + ":" + c.waitTypeInner + "}");
    }

    /** print_lock(): instance, class with usage, and where it was acquired. */
    void printLock(Printk p, HeldLock hlock) {
        p.cont(hlock.lockName());
        printLockName(p, graph.get(hlock.classIdx()));
        p.cont(", at: " + symbol(hlock.acquireSite()) + "\n");
    }

    /** lockdep_print_held_locks(). */
    void printHeldLocks(Printk p, Current curr) {
        List<HeldLock> held = curr.state().heldLocks();
        if (held.isEmpty()) {
            p.pr("no locks held by " + task(curr) + ".\n");
            return;
        }
        p.pr(held.size() + " lock" + (held.size() > 1 ? "s" : "") + " held by " + task(curr) + ":\n");
        for (int i = 0; i < held.size(); i++) {
            p.pr(" #" + i + ": ");
            printLock(p, held.get(i));
        }
    }

    /** print_irqtrace_events(). */
    static void printIrqtraceEvents(Printk p, IrqTraceEvents t) {
        p.pr("irq event stamp: " + t.irqEvents + "\n");
        p.pr("hardirqs last  enabled at (" + t.hardirqEnableEvent + "): " + ipSym(t.hardirqEnableIp) + "\n");
        p.pr("hardirqs last disabled at (" + t.hardirqDisableEvent + "): " + ipSym(t.hardirqDisableIp) + "\n");
        p.pr("softirqs last  enabled at (" + t.softirqEnableEvent + "): " + ipSym(t.softirqEnableIp) + "\n");
        p.pr("softirqs last disabled at (" + t.softirqDisableEvent + "): " + ipSym(t.softirqDisableIp) + "\n");
    }

    /** "\nstack backtrace:\n" and dump_stack(), with the site's call chain for the stack. */
    static void stackBacktrace(Printk p, Site site) {
        p.pr("\nstack backtrace:\n");
        printLockTrace(p, site, 1);
    }

    /**
     * print_lock_trace(trace, spaces): one frame a line, indented by spaces + 1 as
     * stack_trace_print() does; the frames are the op, its call chain, then the scenario position.
     */
    static void printLockTrace(Printk p, Site site, int spaces) {
        if (site == null) {
            return;
        }
        String indent = " ".repeat(spaces + 1);
        p.pr(indent + site.op() + "\n");
        for (String frame : chain(site)) {
            p.pr(indent + frame + "\n");
        }
        p.pr(indent + position(site) + " (step " + site.step() + ")\n");
    }

    /** print_ip_sym(): "[<address>] symbol"; the kernel prints a zero address for no event. */
    static String ipSym(Site site) {
        if (site == null) {
            return "[<0000000000000000>] 0x0";
        }
        return "[<" + position(site) + ">] " + function(site);
    }

    /** %pS of an acquire_ip: the op, the function it ran in, and where. */
    static String symbol(Site site) {
        if (site == null) {
            return "0x0";
        }
        return function(site) + (site.pos() == null ? "" : " (" + site.pos() + ")");
    }

    private static String function(Site site) {
        List<String> chain = chain(site);
        return chain.isEmpty() ? site.op() : site.op() + " in " + chain.get(0);
    }

    private static List<String> chain(Site site) {
        return site.chain() == null ? List.of() : site.chain();
    }

    private static String position(Site site) {
        return site.pos() == null ? "?" : site.pos().toString();
    }
}
