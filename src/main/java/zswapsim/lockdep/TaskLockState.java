package zswapsim.lockdep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The lockdep fields of a {@code task_struct}: {@code held_locks[]} (with interrupts' locks pushed
 * on the task they interrupted) and {@code irqtrace}. Only its {@link #owner} changes it in place;
 * lockdep copies share it until one side needs to change it.
 */
final class TaskLockState {
    /** The token of the task table that may change this state in place. */
    final Object owner;
    private final List<HeldLock> heldLocks;
    final IrqTraceEvents irqtrace;
    /**
     * current->softirqs_enabled: only lockdep_softirqs_on() and lockdep_softirqs_off() change it,
     * so a BH count that schedule_debug() reset leaves it off until BH is enabled again for lockdep.
     */
    private boolean softirqsEnabled = true;
    /**
     * {@link #heldHash} memo, while the stack is unchanged. Tables that share this state share its
     * content, so the memo holds for each of them; {@code hashed} is volatile and written last, so a
     * checker thread that sees it set sees the hash.
     */
    private volatile boolean hashed;
    private long heldHash;

    TaskLockState(Object owner) {
        this(owner, new ArrayList<>(), new IrqTraceEvents());
    }

    private TaskLockState(Object owner, List<HeldLock> heldLocks, IrqTraceEvents irqtrace) {
        this.owner = owner;
        this.heldLocks = heldLocks;
        this.irqtrace = irqtrace;
    }

    TaskLockState copy(Object newOwner) {
        TaskLockState c = new TaskLockState(newOwner, new ArrayList<>(heldLocks), irqtrace.copy());
        c.softirqsEnabled = softirqsEnabled;
        return c;
    }

    boolean softirqsEnabled() {
        return softirqsEnabled;
    }

    /** Sets current->softirqs_enabled; whether it changed (false: a redundant on or off). */
    boolean setSoftirqsEnabled(boolean on) {
        if (on == softirqsEnabled) {
            return false;
        }
        softirqsEnabled = on;
        hashed = false;
        return true;
    }

    List<HeldLock> heldLocks() {
        return Collections.unmodifiableList(heldLocks);
    }

    int depth() {
        return heldLocks.size();
    }

    void push(HeldLock hlock) {
        heldLocks.add(hlock);
        hashed = false;
    }

    /**
     * A hash of the held locks (and of softirqs_enabled when off), 0 when none and on. Memoized like
     * the graph's hash: a transition changes one task's stack at most, and hashing the lock names
     * is what costs. The task's identity is left to the caller, which may name interchangeable
     * tasks alike.
     */
    long heldHash(DependencyGraph graph) {
        if (!hashed) {
            long hash = 0;
            if (!heldLocks.isEmpty() || !softirqsEnabled) {
                Fingerprint f = new Fingerprint();
                f.add(heldLocks.size()).add(softirqsEnabled);
                for (int i = 0; i < heldLocks.size(); i++) {
                    HeldLock h = heldLocks.get(i);
                    f.add(h.lockName()).add(graph.name(h.classIdx())).add(h.read()).add(h.trylock()).add(h.irqContext())
                            .add(h.hardirqsOff()).add(h.check()).add(h.nestLock() == null ? "" : h.nestLock().instance())
                            .add(h.references());
                }
                hash = f.value();
            }
            heldHash = hash;
            hashed = true;
        }
        return heldHash;
    }

    /**
     * chain_head: the first lock of its irq context. separate_irq_context() restarts the chain when
     * the previous held lock belongs to another context, so no cross-context dependency is added.
     */
    boolean isChainHead(HeldLock next) {
        return heldLocks.isEmpty() || heldLocks.get(heldLocks.size() - 1).irqContext() != next.irqContext();
    }

    /**
     * The chain key of the stack after pushing {@code next}: the hlock ids of the held locks of
     * next's irq context since the context was entered, then next. The kernel hashes exactly this
     * sequence (iterate_chain_key from INITIAL_CHAIN_KEY); keeping the sequence avoids collisions.
     * Each hlock id is written as its class's name and read mode: class numbers follow the order
     * of first use, which differs between schedules, and the cache is part of the fingerprint.
     */
    String chainKey(HeldLock next, DependencyGraph graph) {
        int start = heldLocks.size();
        while (start > 0 && heldLocks.get(start - 1).irqContext() == next.irqContext()) {
            start--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = start; i < heldLocks.size(); i++) {
            appendId(sb, heldLocks.get(i), graph).append('\0');
        }
        return appendId(sb, next, graph).toString();
    }

    private static StringBuilder appendId(StringBuilder sb, HeldLock h, DependencyGraph graph) {
        return sb.append(graph.name(h.classIdx())).append('/').append(h.read());
    }

    /**
     * find_held_lock(): the innermost entry matching this instance ({@link HeldLock#matches}),
     * searching down from the top but never across into another irq context. Returns -1 if there is none.
     */
    int findHeldLock(String lockName, int classIdx, DebugLocks debugLocks) {
        int i = heldLocks.size() - 1;
        if (i < 0) {
            return -1;
        }
        if (heldLocks.get(i).matches(lockName, classIdx, debugLocks)) {
            return i;
        }
        for (i--; i >= 0; i--) {
            if (heldLocks.get(i).irqContext() != heldLocks.get(i + 1).irqContext()) {
                return -1;
            }
            if (heldLocks.get(i).matches(lockName, classIdx, debugLocks)) {
                return i;
            }
        }
        return -1;
    }

    /** Replaces entry {@code i} (its reference count changed). */
    void set(int i, HeldLock hlock) {
        heldLocks.set(i, hlock);
        hashed = false;
    }

    /**
     * __lock_is_held(): does an entry, in any irq context, match this instance as
     * {@link HeldLock#matches} does (a merged nest-lock entry covers every lock of its class)?
     */
    boolean holds(String lockName, int classIdx, DebugLocks debugLocks) {
        for (HeldLock h : heldLocks) {
            if (h.matches(lockName, classIdx, debugLocks)) {
                return true;
            }
        }
        return false;
    }

    /** Drops entry {@code i} and everything above it; returns the entries that were above it. */
    List<HeldLock> truncate(int i) {
        List<HeldLock> above = new ArrayList<>(heldLocks.subList(i + 1, heldLocks.size()));
        heldLocks.subList(i, heldLocks.size()).clear();
        hashed = false;
        return above;
    }
}
