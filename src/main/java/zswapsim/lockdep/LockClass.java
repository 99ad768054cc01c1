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
    /** wait_type_outer; 0 prints as the inner type ({@code class->wait_type_outer ?: class->wait_type_inner}). */
    final int waitTypeOuter;
    final int usageMask;
    /** Indexed by usage bit; never written after construction. */
    final Site[] usageTraces;
    final List<LockList> locksAfter;
    final List<LockList> locksBefore;
    /**
     * {@link #hash}, 0 until computed. The classes it names keep their index in every graph that
     * holds this class (they are never renumbered), so the value holds wherever the class is shared.
     */
    private volatile long hash;

    /** {@code waitTypes} as {@link #waitTypes} packs them. */
    LockClass(String name, int idx, int waitTypes) {
        this(name, idx, waitTypes, 0, new Site[LockUsageBit.STATES], List.of(), List.of());
    }

    /** An outer and an inner wait type in one int, as the graph keeps them per class name; outer 0 is "as inner". */
    static int waitTypes(int outer, int inner) {
        return outer << 8 | inner;
    }

    private int packedWaitTypes() {
        return waitTypes(waitTypeOuter, waitTypeInner);
    }

    private LockClass(String name, int idx, int waitTypes, int usageMask, Site[] usageTraces,
                      List<LockList> locksAfter, List<LockList> locksBefore) {
        this.name = name;
        this.idx = idx;
        this.waitTypeInner = waitTypes & 0xff;
        this.waitTypeOuter = waitTypes >> 8;
        this.usageMask = usageMask;
        this.usageTraces = usageTraces;
        this.locksAfter = locksAfter;
        this.locksBefore = locksBefore;
    }

    /** The name, usage bits and both dependency lists (by the names of the classes they lead to). */
    long hash(DependencyGraph graph) {
        long h = hash;
        if (h == 0) {
            Fingerprint f = new Fingerprint().add(name).add(usageMask);
            addEdges(f, locksAfter, graph);
            addEdges(f, locksBefore, graph);
            h = f.value();
            hash = h;
        }
        return h;
    }

    private static void addEdges(Fingerprint f, List<LockList> edges, DependencyGraph graph) {
        f.add(edges.size());
        for (LockList l : edges) {
            f.add(graph.name(l.classIdx)).add(l.dep);
        }
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
        return new LockClass(name, idx, packedWaitTypes(), usageMask | LockUsageBit.flag(bit), traces, locksAfter,
                locksBefore);
    }

    LockClass withLocksAfter(List<LockList> after) {
        return new LockClass(name, idx, packedWaitTypes(), usageMask, usageTraces, after, locksBefore);
    }

    LockClass withLocksBefore(List<LockList> before) {
        return new LockClass(name, idx, packedWaitTypes(), usageMask, usageTraces, locksAfter, before);
    }
}
