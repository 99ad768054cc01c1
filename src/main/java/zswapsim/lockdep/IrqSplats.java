package zswapsim.lockdep;

import java.util.List;

/**
 * The reports about irq usage, in the kernel's layout: print_usage_bug(),
 * print_irq_inversion_bug() and print_bad_irq_dependency(), with their scenario tables and
 * dependency listings.
 */
final class IrqSplats {
    private final LockPrinter printer;

    IrqSplats(LockPrinter printer) {
        this.printer = printer;
    }

    /** print_usage_bug(): a class used both in an irq context and with that irq enabled. */
    List<String> usageBug(Current curr, HeldLock self, int prevBit, int newBit) {
        Printk p = new Printk();
        printer.header(p, "WARNING: inconsistent lock state", 32);
        p.pr("inconsistent {" + LockUsageBit.usageStr(prevBit) + "} -> {" + LockUsageBit.usageStr(newBit)
                + "} usage.\n");
        p.pr(LockPrinter.taskIrqLine(curr) + " takes:\n");
        printer.printLock(p, self);
        p.pr("{" + LockUsageBit.usageStr(prevBit) + "} state was registered at:\n");
        LockPrinter.printLockTrace(p, printer.lockClass(self.classIdx()).usageTraces[prevBit], 1);
        LockPrinter.printIrqtraceEvents(p, curr.state().irqtrace);
        p.pr("\nother info that might help us debug this:\n");
        String name = LockPrinter.name(printer.lockClass(self.classIdx()));
        p.pr(" Possible unsafe locking scenario:\n\n");
        p.pr("       CPU0\n");
        p.pr("       ----\n");
        p.pr("  lock(").cont(name).cont(");\n");
        p.pr("  <Interrupt>\n");
        p.pr("    lock(").cont(name).cont(");\n");
        p.pr("\n *** DEADLOCK ***\n\n");
        printer.printHeldLocks(p, curr);
        LockPrinter.stackBacktrace(p, curr.site());
        return p.lines();
    }

    /**
     * print_irq_inversion_bug(): marking {@code self} made it conflict with a class it depends on
     * ({@code forwards}) or that depends on it.
     */
    List<String> irqInversionBug(Current curr, BfsEntry root, BfsEntry other, HeldLock self, boolean forwards,
                                 String irqclass) {
        Printk p = new Printk();
        printer.header(p, "WARNING: possible irq lock inversion dependency detected", 56);
        p.pr(LockPrinter.task(curr) + " just changed the state of lock:\n");
        printer.printLock(p, self);
        if (forwards) {
            p.pr("but this lock took another, " + irqclass + "-unsafe lock in the past:\n");
        } else {
            p.pr("but this lock was taken by another, " + irqclass + "-safe lock in the past:\n");
        }
        printer.printLockName(p, cls(other));
        p.pr("\n\nand interrupts could create inverse lock ordering between them.\n\n");
        p.pr("\nother info that might help us debug this:\n");
        BfsEntry middle = firstHop(root, other);
        if (forwards) {
            irqLockScenario(p, cls(root), cls(other), middle != null ? cls(middle) : cls(root), cls(other));
        } else {
            irqLockScenario(p, cls(other), cls(root), middle != null ? cls(middle) : cls(other), cls(root));
        }
        printer.printHeldLocks(p, curr);
        p.pr("\nthe shortest dependencies between 2nd lock and 1st lock:\n");
        shortestLockDependencies(p, other, root, curr.site());
        LockPrinter.stackBacktrace(p, curr.site());
        return p.lines();
    }

    /** The entry next to the root on the path from root to leaf (the kernel's "middle" lock). */
    private static BfsEntry firstHop(BfsEntry root, BfsEntry leaf) {
        BfsEntry entry = leaf;
        BfsEntry middle = null;
        int depth = leaf.depth();
        do {
            if (depth == 0 && entry != root) {
                break;
            }
            middle = entry;
            entry = entry.parent;
            depth--;
        } while (entry != null && entry != root && depth >= 0);
        return middle;
    }

    /**
     * print_bad_irq_dependency(): the new prev -> next edge connects an irq-safe class (behind
     * prev) to an irq-unsafe class (after next).
     */
    List<String> badIrqDependency(Current curr, BfsEntry prevRoot, BfsEntry nextRoot, BfsEntry backwardsEntry,
                                  BfsEntry forwardsEntry, HeldLock prev, HeldLock next, int bit1, int bit2,
                                  String irqclass) {
        Printk p = new Printk();
        printer.header(p, "WARNING: " + irqclass + "-safe -> " + irqclass + "-unsafe lock order detected", 53);
        p.pr(LockPrinter.taskIrqLine(curr) + " is trying to acquire:\n");
        printer.printLock(p, next);
        p.pr("\nand this task is already holding:\n");
        printer.printLock(p, prev);
        p.pr("which would create a new lock dependency:\n");
        printer.printLockName(p, printer.lockClass(prev.classIdx()));
        p.cont(" ->");
        printer.printLockName(p, printer.lockClass(next.classIdx()));
        p.cont("\n");
        p.pr("\nbut this new dependency connects a " + irqclass + "-irq-safe lock:\n");
        printer.printLockName(p, cls(backwardsEntry));
        p.pr("\n... which became " + irqclass + "-irq-safe at:\n");
        LockPrinter.printLockTrace(p, cls(backwardsEntry).usageTraces[bit1], 1);
        p.pr("\nto a " + irqclass + "-irq-unsafe lock:\n");
        printer.printLockName(p, cls(forwardsEntry));
        p.pr("\n... which became " + irqclass + "-irq-unsafe at:\n");
        p.pr("...");
        LockPrinter.printLockTrace(p, cls(forwardsEntry).usageTraces[bit2], 1);
        p.pr("\nother info that might help us debug this:\n\n");
        irqLockScenario(p, cls(backwardsEntry), cls(forwardsEntry), printer.lockClass(prev.classIdx()),
                printer.lockClass(next.classIdx()));
        printer.printHeldLocks(p, curr);
        p.pr("\nthe dependencies between " + irqclass + "-irq-safe lock and the holding lock:\n");
        shortestLockDependenciesBackwards(p, backwardsEntry, prevRoot);
        p.pr("\nthe dependencies between the lock to be acquired");
        p.pr(" and " + irqclass + "-irq-unsafe lock:\n");
        shortestLockDependencies(p, forwardsEntry, nextRoot, curr.site());
        LockPrinter.stackBacktrace(p, curr.site());
        return p.lines();
    }

    /**
     * print_irq_lock_scenario(). It always says local_irq_disable(), even for softirq cases, as
     * the kernel does; a chain is shown when the two classes are not directly connected.
     */
    private static void irqLockScenario(Printk p, LockClass safe, LockClass unsafe, LockClass prevClass,
                                        LockClass nextClass) {
        LockClass middle = prevClass == safe ? nextClass : prevClass;
        if (middle != unsafe) {
            p.pr("Chain exists of:\n  ");
            p.cont(LockPrinter.name(safe)).cont(" --> ").cont(LockPrinter.name(middle)).cont(" --> ")
                    .cont(LockPrinter.name(unsafe)).cont("\n\n");
        }
        p.pr(" Possible interrupt unsafe locking scenario:\n\n");
        p.pr("       CPU0                    CPU1\n");
        p.pr("       ----                    ----\n");
        p.pr("  lock(").cont(LockPrinter.name(unsafe)).cont(");\n");
        p.pr("                               local_irq_disable();\n");
        p.pr("                               lock(").cont(LockPrinter.name(safe)).cont(");\n");
        p.pr("                               lock(").cont(LockPrinter.name(middle)).cont(");\n");
        p.pr("  <Interrupt>\n");
        p.pr("    lock(").cont(LockPrinter.name(safe)).cont(");\n");
        p.pr("\n *** DEADLOCK ***\n\n");
    }

    /** print_shortest_lock_dependencies(): from the leaf back to the root, each with its edge trace. */
    private void shortestLockDependencies(Printk p, BfsEntry leaf, BfsEntry root, Site rootTrace) {
        BfsEntry entry = leaf;
        int depth = leaf.depth();
        do {
            lockClassHeader(p, cls(entry), depth);
            p.pr(" ".repeat(depth) + " ... acquired at:\n");
            LockPrinter.printLockTrace(p, entry.trace(rootTrace), 2);
            p.pr("\n");
            if (depth == 0 && entry != root) {
                p.pr("lockdep:print_shortest_lock_dependencies bad path found in chain graph\n");
                break;
            }
            entry = entry.parent;
            depth--;
        } while (entry != null && depth >= 0);
    }

    /**
     * print_shortest_lock_dependencies_backwards(): the path came from a backwards search, so each
     * class is printed with the trace of the edge before it.
     */
    private void shortestLockDependenciesBackwards(Printk p, BfsEntry leaf, BfsEntry root) {
        BfsEntry entry = leaf;
        Site trace = null;
        int depth = leaf.depth();
        do {
            lockClassHeader(p, cls(entry), depth);
            if (trace != null) {
                p.pr(" ".repeat(depth) + " ... acquired at:\n");
                LockPrinter.printLockTrace(p, trace, 2);
                p.pr("\n");
            }
            trace = entry.trace(null);
            if (depth == 0 && entry != root) {
                p.pr("lockdep:print_shortest_lock_dependencies_backwards bad path found in chain graph\n");
                break;
            }
            entry = entry.parent;
            depth--;
        } while (entry != null && depth >= 0);
    }

    /**
     * print_lock_class_header(): the class with every usage bit and where it was set. The trace
     * indent adds up what printk() returned for the usage line: its length, without the newline.
     */
    private void lockClassHeader(Printk p, LockClass c, int depth) {
        String pad = " ".repeat(depth);
        p.pr(pad + "->");
        printer.printLockName(p, c);
        p.cont(" {\n");
        for (int bit = 0; bit < LockUsageBit.STATES; bit++) {
            if (c.has(bit)) {
                String line = pad + "   " + LockUsageBit.usageStr(bit);
                p.pr(line);
                p.cont(" at:\n");
                LockPrinter.printLockTrace(p, c.usageTraces[bit], depth + line.length() + " at:".length());
            }
        }
        p.pr(pad + " }\n");
        p.pr(pad + " ... key      at: [<" + c.name + ">] " + c.name + "\n");
    }

    private LockClass cls(BfsEntry e) {
        return printer.lockClass(e.classIdx);
    }
}
