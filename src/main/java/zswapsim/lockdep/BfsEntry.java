package zswapsim.lockdep;

/**
 * A node of one breadth-first search. The kernel keeps {@code parent} and {@code only_xr} inside
 * {@code struct lock_list} itself; here they live in a per-search node so that searches leave the
 * graph untouched and copies of the state stay independent.
 */
final class BfsEntry {
    final int classIdx;
    /** The edge this node was reached by; null for the root. */
    final LockList edge;
    final BfsEntry parent;
    /** only_xr: the path so far can only continue with edges that do not start shared (see __bfs). */
    boolean onlyXr;

    private BfsEntry(int classIdx, LockList edge, BfsEntry parent, boolean onlyXr) {
        this.classIdx = classIdx;
        this.edge = edge;
        this.parent = parent;
        this.onlyXr = onlyXr;
    }

    /** bfs_init_root(): forwards from {@code hlock}; only_xr when it is a recursive reader. */
    static BfsEntry root(HeldLock hlock) {
        return new BfsEntry(hlock.classIdx(), null, null, hlock.read() == 2);
    }

    /** bfs_init_rootb(): backwards from {@code hlock}; only_xr when it is any reader. */
    static BfsEntry rootb(HeldLock hlock) {
        return new BfsEntry(hlock.classIdx(), null, null, hlock.read() != 0);
    }

    BfsEntry child(LockList via) {
        return new BfsEntry(via.classIdx, via, this, false);
    }

    /** get_lock_depth(): hops from the root. */
    int depth() {
        int depth = 0;
        for (BfsEntry e = parent; e != null; e = e.parent) {
            depth++;
        }
        return depth;
    }

    /** entry->trace: the edge's trace, or the current stack for the root (the kernel saves it then). */
    Site trace(Site rootTrace) {
        return edge == null ? rootTrace : edge.trace;
    }
}
