package zswapsim.lockdep;

import java.util.List;

/**
 * {@code struct lock_class}: what lockdep learns about all instances of a lock class together, its
 * usage bits (with the trace that first set each) and its dependency lists.
 *
 * <p>Immutable: a change makes a new class that the graph puts in this one's place. Classes rarely
 * change once a search is under way, so the checker's branched states share them instead of copying.
 */
final class LockClass {
    /** The name as __print_lock_name() prints it: the map's name, then "/N" for a subclass N. */
    final String name;
    final int idx;
    /** wait_type_inner ({@link WaitTypes}); the outer one is unset (0) for every lock modelled. */
    final int waitTypeInner;
    final int usageMask;
    /** Indexed by usage bit; never written after construction. */
    final Site[] usageTraces;
    final List<LockList> locksAfter;
    final List<LockList> locksBefore;

    LockClass(String name, int idx, int waitTypeInner) {
        this(name, idx, waitTypeInner, 0, new Site[LockUsageBit.STATES], List.of(), List.of());
    }

    private LockClass(String name, int idx, int waitTypeInner, int usageMask, Site[] usageTraces,
                      List<LockList> locksAfter, List<LockList> locksBefore) {
        this.name = name;
        this.idx = idx;
        this.waitTypeInner = waitTypeInner;
        this.usageMask = usageMask;
        this.usageTraces = usageTraces;
        this.locksAfter = locksAfter;
        this.locksBefore = locksBefore;
    }

    boolean has(int bit) {
        return (usageMask & LockUsageBit.flag(bit)) != 0;
    }

    LockClass withWaitType(int waitType) {
        return new LockClass(name, idx, waitType, usageMask, usageTraces, locksAfter, locksBefore);
    }

    /** The class with usage {@code bit} set, first seen at {@code trace}. */
    LockClass withUsage(int bit, Site trace) {
        Site[] traces = usageTraces.clone();
        traces[bit] = trace;
        return new LockClass(name, idx, waitTypeInner, usageMask | LockUsageBit.flag(bit), traces, locksAfter,
                locksBefore);
    }

    LockClass withLocksAfter(List<LockList> after) {
        return new LockClass(name, idx, waitTypeInner, usageMask, usageTraces, after, locksBefore);
    }

    LockClass withLocksBefore(List<LockList> before) {
        return new LockClass(name, idx, waitTypeInner, usageMask, usageTraces, locksAfter, before);
    }
}
