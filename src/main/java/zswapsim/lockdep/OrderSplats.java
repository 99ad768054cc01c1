package zswapsim.lockdep;

import java.util.List;

/**
 * The reports about lock order and balance, in the kernel's layout: print_circular_bug(),
 * print_deadlock_bug(), print_unlock_imbalance_bug(), print_lock_nested_lock_not_held() and
 * print_held_locks_bug().
 */
final class OrderSplats {
    private final LockPrinter printer;

    OrderSplats(LockPrinter printer) {
        this.printer = printer;
    }

    /**
     * print_circular_bug(): {@code src} (being acquired) already reaches {@code tgt} (held) in the
     * graph; {@code target} is where the search found tgt's class, {@code root} where it started.
     */
    List<String> circularBug(Current curr, BfsEntry target, HeldLock src, HeldLock tgt) {
        Printk p = new Printk();
        printer.header(p, "WARNING: possible circular locking dependency detected", 54);
        p.pr(LockPrinter.task(curr) + " is trying to acquire lock:\n");
        printer.printLock(p, src);
        p.pr("\nbut task is already holding lock:\n");
        printer.printLock(p, tgt);
        p.pr("\nwhich lock already depends on the new lock.\n\n");
        p.pr("\nthe existing dependency chain (in reverse order) is:\n");
        int depth = target.depth();
        circularBugEntry(p, target, depth, curr.site());
        BfsEntry firstParent = target.parent;
        for (BfsEntry parent = firstParent; parent != null; parent = parent.parent) {
            circularBugEntry(p, parent, --depth, curr.site());
        }
        p.pr("\nother info that might help us debug this:\n\n");
        circularLockScenario(p, src, tgt, printer.lockClass(firstParent.classIdx));
        printer.printHeldLocks(p, curr);
        LockPrinter.stackBacktrace(p, curr.site());
        return p.lines();
    }

    /** print_circular_bug_entry(): "-> #N (class){usage}:" and the trace that added the edge. */
    private void circularBugEntry(Printk p, BfsEntry entry, int depth, Site rootTrace) {
        p.pr("\n-> #" + depth);
        printer.printLockName(p, printer.lockClass(entry.classIdx));
        p.cont(":\n");
        LockPrinter.printLockTrace(p, entry.trace(rootTrace), 6);
    }

    /** print_circular_lock_scenario(): two CPUs taking the locks in opposite orders. */
    private void circularLockScenario(Printk p, HeldLock src, HeldLock tgt, LockClass parent) {
        LockClass source = printer.lockClass(src.classIdx());
        LockClass target = printer.lockClass(tgt.classIdx());
        if (parent != source) {
            p.pr("Chain exists of:\n  ");
            p.cont(LockPrinter.name(source)).cont(" --> ").cont(LockPrinter.name(parent)).cont(" --> ")
                    .cont(LockPrinter.name(target)).cont("\n\n");
        }
        p.pr(" Possible unsafe locking scenario:\n\n");
        p.pr("       CPU0                    CPU1\n");
        p.pr("       ----                    ----\n");
        p.pr(tgt.read() != 0 ? "  rlock(" : "  lock(").cont(LockPrinter.name(target)).cont(");\n");
        p.pr("                               lock(").cont(LockPrinter.name(parent)).cont(");\n");
        p.pr("                               lock(").cont(LockPrinter.name(target)).cont(");\n");
        p.pr(src.read() != 0 ? "  rlock(" : "  lock(").cont(LockPrinter.name(source)).cont(");\n");
        p.pr("\n *** DEADLOCK ***\n\n");
    }

    /** print_deadlock_bug(): {@code next} is of a class the task already holds as {@code prev}. */
    List<String> deadlockBug(Current curr, HeldLock prev, HeldLock next) {
        Printk p = new Printk();
        printer.header(p, "WARNING: possible recursive locking detected", 44);
        p.pr(LockPrinter.task(curr) + " is trying to acquire lock:\n");
        printer.printLock(p, next);
        p.pr("\nbut task is already holding lock:\n");
        printer.printLock(p, prev);
        p.pr("\nother info that might help us debug this:\n");
        p.pr(" Possible unsafe locking scenario:\n\n");
        p.pr("       CPU0\n");
        p.pr("       ----\n");
        p.pr("  lock(").cont(LockPrinter.name(printer.lockClass(prev.classIdx()))).cont(");\n");
        p.pr("  lock(").cont(LockPrinter.name(printer.lockClass(next.classIdx()))).cont(");\n");
        p.pr("\n *** DEADLOCK ***\n\n");
        p.pr(" May be due to missing lock nesting notation\n\n");
        printer.printHeldLocks(p, curr);
        LockPrinter.stackBacktrace(p, curr.site());
        return p.lines();
    }

    /** print_unlock_imbalance_bug(): releasing a lock this context does not hold. */
    List<String> unlockImbalanceBug(Current curr, String lockName) {
        Printk p = new Printk();
        printer.header(p, "WARNING: bad unlock balance detected!", 37);
        p.pr(LockPrinter.task(curr) + " is trying to release lock (").cont(lockName).cont(") at:\n");
        p.pr(LockPrinter.ipSym(curr.site()) + "\n");
        p.pr("but there are no more locks to release!\n");
        p.pr("\nother info that might help us debug this:\n");
        printer.printHeldLocks(p, curr);
        LockPrinter.stackBacktrace(p, curr.site());
        return p.lines();
    }

    /**
     * print_lock_nested_lock_not_held(): a _nest_lock() acquire whose nest lock the task does not
     * hold. The kernel prints the stack twice, before and after the held locks; so do we.
     */
    List<String> nestedLockNotHeld(Current curr, HeldLock hlock) {
        Printk p = new Printk();
        printer.header(p, "WARNING: Nested lock was not taken", 34);
        p.pr(LockPrinter.task(curr) + " is trying to lock:\n");
        printer.printLock(p, hlock);
        p.pr("\nbut this task is not holding:\n");
        p.pr(hlock.nestLock().name() + "\n");
        LockPrinter.stackBacktrace(p, curr.site());
        p.pr("\nother info that might help us debug this:\n");
        printer.printHeldLocks(p, curr);
        LockPrinter.stackBacktrace(p, curr.site());
        return p.lines();
    }

    /** lockdep_sys_exit()'s report: the held locks, and no stack backtrace. */
    List<String> heldLocksReturningToUser(Current curr) {
        Printk p = new Printk();
        printer.header(p, "WARNING: lock held when returning to user space!", 48);
        p.pr(LockPrinter.task(curr) + " is leaving the kernel with locks still held!\n");
        printer.printHeldLocks(p, curr);
        return p.lines();
    }

    /** print_held_locks_bug(), from debug_check_no_locks_held() in do_exit(). */
    List<String> heldLocksBug(Current curr) {
        Printk p = new Printk();
        String headline = "WARNING: " + LockPrinter.task(curr) + " still has locks held!";
        printer.header(p, headline, 36);
        printer.printHeldLocks(p, curr);
        LockPrinter.stackBacktrace(p, curr.site());
        return p.lines();
    }
}
