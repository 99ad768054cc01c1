package zswapsim.kernel;

import java.util.ArrayList;

/** mm/zswap.c's globals: the pools (each with its ref), the zswap_pools list, and stored entries. */
final class ZswapState {
    /** Pool i's compressor index and, at the same index, its percpu_ref (or kref). */
    ArrayList<int[]> pools;
    ArrayList<RefState> poolRefs;
    /** zswap_pools, first = current pool. */
    ArrayList<Integer> list;
    /** Stored entries, oldest first, by the pool each holds a ref on (-1: same-filled, no ref). */
    ArrayList<Integer> entries;
    ArrayList<Boolean> destroyed;

    ZswapState() {
        this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        poolRefs = new ArrayList<>();
    }

    /** For copy(): no list allocated only to be replaced. */
    private ZswapState(ArrayList<int[]> pools, ArrayList<Integer> list, ArrayList<Integer> entries,
                       ArrayList<Boolean> destroyed) {
        this.pools = pools;
        this.list = list;
        this.entries = entries;
        this.destroyed = destroyed;
    }

    ZswapState copy() {
        ZswapState z = new ZswapState(new ArrayList<>(pools), new ArrayList<>(list), new ArrayList<>(entries),
                new ArrayList<>(destroyed));
        z.poolRefs = new ArrayList<>(poolRefs.size());
        for (int i = 0; i < poolRefs.size(); i++) {
            z.poolRefs.add(poolRefs.get(i).copy());
        }
        return z;
    }

    void hash(Fingerprint f, Relabel r) {
        f.add(pools.size());
        for (int i = 0; i < pools.size(); i++) {
            f.add(pools.get(i)[0]).add(pools.get(i)[1]);
        }
        for (int i = 0; i < poolRefs.size(); i++) {
            poolRefs.get(i).hash(f, r);
        }
        f.add(list.hashCode()).add(entries.hashCode()).add(destroyed.hashCode());
    }

    int current() {
        return list.isEmpty() ? -1 : list.get(0);
    }
}
