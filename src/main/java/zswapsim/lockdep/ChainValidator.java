package zswapsim.lockdep;

import java.util.List;

/**
 * The dependency half of lockdep: validate_chain() and what it runs for a chain not seen before:
 * check_deadlock(), check_prevs_add() and check_prev_add() with check_noncircular() and
 * check_irq_usage(). Each method returns false once a report has been made.
 */
final class ChainValidator {
    private final DependencyGraph graph;
    private final DebugLocks debugLocks;
    /** chainhash_table: every chain key validated so far, in any task and context. */
    private final ChainCache lockChains;
    private final OrderSplats orderSplats;
    private final IrqSplats irqSplats;

    ChainValidator(DependencyGraph graph, DebugLocks debugLocks, ChainCache lockChains, OrderSplats orderSplats,
                   IrqSplats irqSplats) {
        this.graph = graph;
        this.debugLocks = debugLocks;
        this.lockChains = lockChains;
        this.orderSplats = orderSplats;
        this.irqSplats = irqSplats;
    }

    /**
     * validate_chain(): trylocks add no dependencies (they can be taken in any order), and a chain
     * already in the cache was validated before, so only new chains are checked. An acquire that
     * check_deadlock() lets through because its nest lock is held adds no dependency either.
     */
    boolean validateChain(Current curr, HeldLock hlock, boolean chainHead, String chainKey) {
        if (hlock.trylock() || !hlock.check() || !lockChains.add(chainKey)) {
            return true;
        }
        int ret = checkDeadlock(curr, hlock);
        if (ret == 0) {
            return false;
        }
        return chainHead || ret == NESTED || checkPrevsAdd(curr, hlock);
    }

    /** check_deadlock()'s "the nest lock serializes this nesting" answer. */
    private static final int NESTED = 2;

    /**
     * check_deadlock(): the graph cannot see A -> A, so look for the class among the held locks.
     * A recursive read after any read of the same class is allowed (read_lock + read_lock), and so
     * is a class taken again under the nest lock its _nest_lock() acquire names, if that lock is
     * held below it. 0 once reported, 1 fine, {@link #NESTED}.
     */
    private int checkDeadlock(Current curr, HeldLock next) {
        boolean nest = false;
        for (HeldLock prev : curr.state().heldLocks()) {
            if (next.nestLock() != null && prev.lockName().equals(next.nestLock().instance())) {
                nest = true;
            }
            if (prev.classIdx() != next.classIdx()) {
                continue;
            }
            if (next.read() == 2 && prev.read() != 0) {
                continue;
            }
            if (nest) {
                return NESTED;
            }
            report(curr, "recursive-locking", next, null, () -> orderSplats.deadlockBug(curr, prev, next));
            return 0;
        }
        return 1;
    }

    /**
     * check_prevs_add(): add prev -> next for the nearest held lock of the same irq context and
     * for the trylocks directly above it; older locks are already connected through it. Unchecked
     * entries (RCU's maps) are passed over.
     */
    private boolean checkPrevsAdd(Current curr, HeldLock next) {
        List<HeldLock> held = curr.state().heldLocks();
        int depth = held.size();
        while (true) {
            HeldLock hlock = held.get(depth - 1);
            if (hlock.check()) {
                if (!checkPrevAdd(curr, hlock, next)) {
                    return false;
                }
                if (!hlock.trylock()) {
                    return true;
                }
            }
            depth--;
            if (depth == 0 || held.get(depth).irqContext() != held.get(depth - 1).irqContext()) {
                return true;
            }
        }
    }

    /**
     * check_prev_add(): the new prev -> next edge must not close a strong cycle nor connect an
     * irq-safe class to an irq-unsafe one; then it is added, or its kinds merged into the edge
     * that already exists (a new chain can repeat an old edge).
     */
    private boolean checkPrevAdd(Current curr, HeldLock prev, HeldLock next) {
        if (!checkNoncircular(curr, next, prev) || !checkIrqUsage(curr, prev, next)) {
            return false;
        }
        graph.addDependency(prev.classIdx(), next.classIdx(), LockList.calcDep(prev, next),
                LockList.calcDepb(prev, next), curr.site());
        return true;
    }

    /**
     * check_noncircular(): search forwards from next for prev's class. hlock_conflict(): the cycle
     * deadlocks if prev was taken exclusive or the path ends with a non-recursive acquisition.
     */
    private boolean checkNoncircular(Current curr, HeldLock src, HeldLock target) {
        BfsEntry root = BfsEntry.root(src);
        BfsEntry found = graph.bfsForwards(root,
                e -> e.classIdx == target.classIdx() && (target.read() == 0 || !e.onlyXr));
        if (found == null) {
            return true;
        }
        if (src.classIdx() == target.classIdx()) {
            // The kernel calls print_deadlock_bug(curr, src, target) here, i.e. with the lock being
            // acquired in the "prev" slot; kept as is.
            report(curr, "recursive-locking", src, null, () -> orderSplats.deadlockBug(curr, src, target));
        } else {
            report(curr, "circular-locking", src, null, () -> orderSplats.circularBug(curr, found, src, target));
        }
        return false;
    }

    /**
     * check_irq_usage(): gather the USED_IN usages of everything behind prev; if anything after
     * next has a usage exclusive to them, find the pair and report it.
     */
    private boolean checkIrqUsage(Current curr, HeldLock prev, HeldLock next) {
        int[] accumulated = {0};
        graph.bfsBackwards(BfsEntry.rootb(prev), e -> {
            // usage_accumulate(): behind a path of shared acquisitions only write usages count.
            int usage = graph.get(e.classIdx).usageMask;
            accumulated[0] |= e.onlyXr ? usage & LockUsageBit.LOCKF_IRQ : usage;
            return false;
        });
        int usageMask = accumulated[0] & LockUsageBit.LOCKF_USED_IN_IRQ_ALL;
        if (usageMask == 0) {
            return true;
        }
        int forwardMask = LockUsageBit.exclusiveMask(usageMask);
        BfsEntry nextRoot = BfsEntry.root(next);
        BfsEntry forwards = graph.bfsForwards(nextRoot, e -> graph.usageMatch(e, forwardMask));
        if (forwards == null) {
            return true;
        }
        // Only the ENABLED bits of the unsafe class matter when looking for the safe one.
        int backwardMask = LockUsageBit.originalMask(
                graph.get(forwards.classIdx).usageMask & LockUsageBit.LOCKF_ENABLED_IRQ_ALL);
        BfsEntry prevRoot = BfsEntry.rootb(prev);
        BfsEntry backwards = graph.bfsBackwards(prevRoot, e -> graph.usageMatch(e, backwardMask));
        if (backwards == null) {
            return true;
        }
        int[] bits = findExclusiveMatch(graph.get(backwards.classIdx).usageMask,
                graph.get(forwards.classIdx).usageMask);
        if (bits == null) {
            return true;
        }
        String irqclass = LockUsageBit.stateName(bits[0]);
        report(curr, "irq-safe-to-unsafe", next, irqclass, () -> irqSplats.badIrqDependency(curr, prevRoot, nextRoot,
                backwards, forwards, prev, next, bits[0], bits[1], irqclass));
        return false;
    }

    /** find_exclusive_match(): the first usage bit of {@code mask} whose exclusive bit is in {@code excl}. */
    private static int[] findExclusiveMatch(int mask, int exclMask) {
        for (int bit = 0; bit < LockUsageBit.USED; bit++) {
            if ((mask & LockUsageBit.flag(bit)) == 0) {
                continue;
            }
            int excl = LockUsageBit.exclusiveBit(bit);
            if ((exclMask & LockUsageBit.flag(excl)) != 0) {
                return new int[] {bit, excl};
            }
            if ((exclMask & LockUsageBit.flag(excl | LockUsageBit.READ_MASK)) != 0) {
                return new int[] {bit, excl | LockUsageBit.READ_MASK};
            }
        }
        return null;
    }

    private void report(Current curr, String kind, HeldLock lock, String usage,
                        java.util.function.Supplier<List<String>> text) {
        debugLocks.lockdepBug(new LockdepReport(kind, graph.get(lock.classIdx()).name, usage,
                UsageValidator.step(curr), debugLocks.text(text)));
    }
}
