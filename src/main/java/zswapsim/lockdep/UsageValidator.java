package zswapsim.lockdep;

import static zswapsim.lockdep.LockUsageBit.DIR_MASK;
import static zswapsim.lockdep.LockUsageBit.ENABLED_HARDIRQ;
import static zswapsim.lockdep.LockUsageBit.ENABLED_SOFTIRQ;
import static zswapsim.lockdep.LockUsageBit.READ_MASK;
import static zswapsim.lockdep.LockUsageBit.USED;
import static zswapsim.lockdep.LockUsageBit.USED_IN_HARDIRQ;
import static zswapsim.lockdep.LockUsageBit.USED_IN_SOFTIRQ;
import static zswapsim.lockdep.LockUsageBit.USED_READ;

import java.util.List;

/**
 * The usage half of lockdep: mark_usage(), mark_held_locks(), mark_lock() and the checks a new
 * usage bit triggers (valid_state(), check_usage_forwards/backwards()). These run on every
 * acquire, not only on new chains: a bit is checked the first time it is set, whenever that is.
 * Each method returns false once a report has been made (lockdep is then off).
 */
final class UsageValidator {
    private final DependencyGraph graph;
    private final DebugLocks debugLocks;
    private final IrqSplats splats;

    UsageValidator(DependencyGraph graph, DebugLocks debugLocks, IrqSplats splats) {
        this.graph = graph;
        this.debugLocks = debugLocks;
        this.splats = splats;
    }

    /**
     * mark_usage(): USED_IN for the irq contexts we are in (a trylock cannot deadlock against an
     * interrupt, so not for trylocks), ENABLED for the irqs that are on (none at all with hardirqs
     * off: softirqs cannot run then either), and USED.
     */
    boolean markUsage(Current curr, HeldLock hlock) {
        if (!hlock.check()) {
            return markLock(curr, hlock, USED);
        }
        int read = hlock.read() != 0 ? READ_MASK : 0;
        IrqState s = curr.irq();
        if (!hlock.trylock()) {
            if (s.hardirqContext() > 0 && !markLock(curr, hlock, USED_IN_HARDIRQ + read)) {
                return false;
            }
            if (s.softirqContext() > 0 && !markLock(curr, hlock, USED_IN_SOFTIRQ + read)) {
                return false;
            }
        }
        if (!hlock.hardirqsOff()) {
            if (!markLock(curr, hlock, ENABLED_HARDIRQ + read)) {
                return false;
            }
            if (curr.softirqsEnabled() && !markLock(curr, hlock, ENABLED_SOFTIRQ + read)) {
                return false;
            }
        }
        return markLock(curr, hlock, USED);
    }

    /** mark_held_locks(): irqs (or BH) are being enabled with these locks held. */
    boolean markHeldLocks(Current curr, int baseBit) {
        for (HeldLock hlock : curr.state().heldLocks()) {
            if (hlock.check() && !markLock(curr, hlock, baseBit + (hlock.read() != 0 ? READ_MASK : 0))) {
                return false;
            }
        }
        return true;
    }

    /**
     * mark_lock(): set the bit and its trace, then check it. The bit is set before the check, so
     * the report already shows the new usage (e.g. {+.?.}).
     */
    boolean markLock(Current curr, HeldLock hlock, int newBit) {
        int bit = newBit == USED && hlock.read() != 0 ? USED_READ : newBit;
        LockClass c = graph.get(hlock.classIdx());
        if (c.has(bit)) {
            return true;
        }
        if (!debugLocks.on()) {
            return false;
        }
        graph.markUsage(c.idx, bit, curr.site());
        return bit >= USED || markLockIrq(curr, hlock, bit);
    }

    /**
     * mark_lock_irq(): the new bit must not meet its exclusive bit on the class itself (a write
     * usage also not the exclusive read bit), nor across dependencies: a new ENABLED bit looks for
     * USED_IN before it, a new USED_IN bit for ENABLED after it.
     */
    private boolean markLockIrq(Current curr, HeldLock hlock, int newBit) {
        int exclBit = LockUsageBit.exclusiveBit(newBit);
        boolean read = (newBit & READ_MASK) != 0;
        boolean enabled = (newBit & DIR_MASK) != 0;
        if (!validState(curr, hlock, newBit, exclBit)) {
            return false;
        }
        if (!read && !validState(curr, hlock, newBit, exclBit + READ_MASK)) {
            return false;
        }
        return enabled ? checkUsageBackwards(curr, hlock, exclBit) : checkUsageForwards(curr, hlock, exclBit);
    }

    /** valid_state(): print_usage_bug() if the class already has {@code badBit}. */
    private boolean validState(Current curr, HeldLock hlock, int newBit, int badBit) {
        LockClass c = graph.get(hlock.classIdx());
        if (!c.has(badBit)) {
            return true;
        }
        List<String> text = debugLocks.text(() -> splats.usageBug(curr, hlock, badBit, newBit));
        String usage = "{" + LockUsageBit.usageStr(badBit) + "} -> {" + LockUsageBit.usageStr(newBit) + "}";
        debugLocks.lockdepBug(new LockdepReport("inconsistent-lock-state", c.name, usage, step(curr), text));
        return false;
    }

    /** check_usage_forwards(): no class this one leads to may have {@code bit} (or its read form). */
    private boolean checkUsageForwards(Current curr, HeldLock hlock, int bit) {
        BfsEntry root = BfsEntry.root(hlock);
        return checkUsage(curr, hlock, root, graph.bfsForwards(root, e -> graph.usageMatch(e, mask(bit))), bit, true);
    }

    /** check_usage_backwards(): no class leading to this one may have {@code bit} (or its read form). */
    private boolean checkUsageBackwards(Current curr, HeldLock hlock, int bit) {
        BfsEntry root = BfsEntry.rootb(hlock);
        return checkUsage(curr, hlock, root, graph.bfsBackwards(root, e -> graph.usageMatch(e, mask(bit))), bit,
                false);
    }

    private boolean checkUsage(Current curr, HeldLock hlock, BfsEntry root, BfsEntry target, int bit,
                               boolean forwards) {
        if (target == null) {
            return true;
        }
        String irqclass = LockUsageBit.stateName(graph.get(target.classIdx).has(bit) ? bit : bit + READ_MASK);
        List<String> text = debugLocks.text(() -> splats.irqInversionBug(curr, root, target, hlock, forwards, irqclass));
        debugLocks.lockdepBug(new LockdepReport("irq-lock-inversion", graph.get(hlock.classIdx()).name, irqclass,
                step(curr), text));
        return false;
    }

    private static int mask(int bit) {
        return LockUsageBit.flag(bit) | LockUsageBit.flag(bit + READ_MASK);
    }

    static int step(Current curr) {
        return curr.site() == null ? 0 : curr.site().step();
    }
}
