package zswapsim.lockdep;

/**
 * {@code struct lock_list}: one dependency edge as stored on a class's {@code locks_after} (forward)
 * or {@code locks_before} (backward) list. {@code dep} holds the four edge kinds as bits; the
 * backward copy is encoded with {@code calc_depb()} so that one BFS serves both directions.
 * Immutable: merging kinds into an edge replaces the entry, so branched graphs can share entries.
 */
final class LockList {
    /** -(SR)->: prev shared, next recursive reader. */
    static final int DEP_SR_MASK = 1;
    /** -(ER)->: prev exclusive, next recursive reader. */
    static final int DEP_ER_MASK = 2;
    /** -(SN)->: prev shared, next non-recursive. */
    static final int DEP_SN_MASK = 4;
    /** -(EN)->: prev exclusive, next non-recursive. */
    static final int DEP_EN_MASK = 8;

    /** The class at the other end of the edge. */
    final int classIdx;
    final int dep;
    /** save_trace() of the acquisition that added the edge: the acquire of {@code next}. */
    final Site trace;

    LockList(int classIdx, int dep, Site trace) {
        this.classIdx = classIdx;
        this.dep = dep;
        this.trace = trace;
    }

    /** The same edge with the kinds {@code more} added; it keeps the trace of the first acquisition. */
    LockList merged(int more) {
        return new LockList(classIdx, dep | more, trace);
    }

    /** calc_dep(): bit (prev exclusive) + 2 * (next non-recursive). */
    static int calcDep(HeldLock prev, HeldLock next) {
        return 1 << ((prev.read() == 0 ? 1 : 0) + ((next.read() != 2 ? 1 : 0) << 1));
    }

    /** calc_depb(): the same edge seen from next; bit (next non-recursive) + 2 * (prev exclusive). */
    static int calcDepb(HeldLock prev, HeldLock next) {
        return 1 << ((next.read() != 2 ? 1 : 0) + ((prev.read() == 0 ? 1 : 0) << 1));
    }
}
