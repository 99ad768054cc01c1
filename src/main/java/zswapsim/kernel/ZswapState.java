package zswapsim.kernel;

import java.util.ArrayList;

/** mm/zswap.c's globals: the pools (each with its ref), the zswap_pools list, and stored entries. */
final class ZswapState {
    /** Pool i's compressor index and its ref's index in the state's refs. */
    ArrayList<int[]> pools = new ArrayList<>();
    /** zswap_pools, first = current pool. */
    ArrayList<Integer> list = new ArrayList<>();
    /** Stored entries, oldest first, by the pool each holds a ref on (-1: same-filled, no ref). */
    ArrayList<Integer> entries = new ArrayList<>();
    ArrayList<Boolean> destroyed = new ArrayList<>();

    ZswapState copy() {
        ZswapState z = new ZswapState();
        z.pools = new ArrayList<>(pools);
        z.list = new ArrayList<>(list);
        z.entries = new ArrayList<>(entries);
        z.destroyed = new ArrayList<>(destroyed);
        return z;
    }

    void hash(Fingerprint f) {
        f.add(pools.size());
        for (int[] p : pools) {
            f.add(p[0]).add(p[1]);
        }
        f.add(list.hashCode()).add(entries.hashCode()).add(destroyed.hashCode());
    }

    int current() {
        return list.isEmpty() ? -1 : list.get(0);
    }
}
