package zswapsim.lockdep;

import java.util.List;

/**
 * A WARN_ON() as kernel/panic.c prints it (report_bug() -> __warn()): the cut-here line, "WARNING:
 * CPU: N PID: P at FILE:LINE SYMBOL", the modules, show_regs() (the CPU/PID/Comm line, RIP and the
 * call trace), print_irqtrace_events() and the end-of-trace marker. The kernel's file and line are
 * the WARN_ON's; ours are the scenario op's, and the symbol is the op and the function it ran in.
 */
final class WarnSplat {
    private WarnSplat() {
    }

    static List<String> warnOn(LockPrinter printer, Current curr, int cpu) {
        Site site = curr.site();
        Printk p = new Printk();
        String where = site == null || site.pos() == null ? "?:0" : site.pos().file() + ":" + site.pos().line();
        p.pr("------------[ cut here ]------------\n");
        p.pr("WARNING: CPU: " + cpu + " PID: " + curr.task().pid() + " at " + where + " " + LockPrinter.symbol(site) + "\n");
        p.pr("Modules linked in:\n");
        p.pr("CPU: " + cpu + " PID: " + curr.task().pid() + " Comm: " + curr.task().comm() + " " + printer.printTainted()
                + " " + LockPrinter.UTS_RELEASE + " " + LockPrinter.UTS_VERSION + "\n");
        p.pr("RIP: 0010:" + LockPrinter.symbol(site) + "\n");
        p.pr("Call Trace:\n");
        String stack = curr.irq().hardirqContext() > 0 || curr.irq().softirqContext() > 0 ? "IRQ" : "TASK";
        p.pr(" <" + stack + ">\n");
        LockPrinter.printLockTrace(p, site, 1);
        p.pr(" </" + stack + ">\n");
        LockPrinter.printIrqtraceEvents(p, curr.state().irqtrace);
        p.pr("---[ end trace 0000000000000000 ]---\n");
        return p.lines();
    }
}
