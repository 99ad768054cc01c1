package zswapsim.kernel;

import java.util.Arrays;

/**
 * mm/zswap.c's globals: the pools (each with its ref), the zswap_pools list, and stored entries.
 * The arrays are values: a change puts a new array in place, never writes into one, so a copy
 * shares them; a pool's ref, which its operations change in place, is copied when first asked for.
 */
final class ZswapState {
    /** Pool i's compressor index. */
    private int[] compressors = new int[0];
    /** Pool i's percpu_ref (or kref); shared with the state this one was copied from. */
    private RefState[] poolRefs = new RefState[0];
    /** Which of {@code poolRefs} this copy owns (null: none yet): a ref is copied when first asked for. */
    private boolean[] ownedRefs;
    /** zswap_pools, first = current pool. */
    private int[] list = new int[0];
    /** Stored entries, oldest first, by the pool each holds a ref on (-1: same-filled, no ref). */
    private int[] entries = new int[0];
    /** Pool i has been destroyed (__zswap_pool_release()). */
    private boolean[] destroyed = new boolean[0];

    ZswapState copy() {
        ZswapState z = new ZswapState();
        z.compressors = compressors;
        z.list = list;
        z.entries = entries;
        z.destroyed = destroyed;
        z.poolRefs = poolRefs;
        return z;
    }

    void hash(Fingerprint f, Relabel r) {
        f.add(compressors.length);
        for (int i = 0; i < compressors.length; i++) {
            f.add(compressors[i]).add(destroyed[i]);
            poolRefs[i].hash(f, r);
        }
        f.add(list.length);
        for (int pool : list) {
            f.add(pool);
        }
        f.add(entries.length);
        for (int pool : entries) {
            f.add(pool);
        }
    }

    /** Adds a pool and returns its index. */
    int addPool(int compressor, RefState ref) {
        int pool = compressors.length;
        compressors = Arrays.copyOf(compressors, pool + 1);
        compressors[pool] = compressor;
        poolRefs = Arrays.copyOf(poolRefs, pool + 1);
        poolRefs[pool] = ref;
        ownedRefs = ownedRefs == null ? new boolean[pool + 1] : Arrays.copyOf(ownedRefs, pool + 1);
        ownedRefs[pool] = true;
        destroyed = Arrays.copyOf(destroyed, pool + 1);
        return pool;
    }

    int pools() {
        return compressors.length;
    }

    int compressor(int pool) {
        return compressors[pool];
    }

    /** Pool {@code pool}'s ref, to read only (a state that may be shared copies nothing). */
    RefState readRef(int pool) {
        return poolRefs[pool];
    }

    /** Pool {@code pool}'s ref, this state's own (its operations change it in place). */
    RefState ref(int pool) {
        if (ownedRefs == null) {
            ownedRefs = new boolean[poolRefs.length];
            poolRefs = poolRefs.clone();
        }
        if (!ownedRefs[pool]) {
            ownedRefs[pool] = true;
            poolRefs[pool] = poolRefs[pool].copy();
        }
        return poolRefs[pool];
    }

    void destroy(int pool) {
        destroyed = destroyed.clone();
        destroyed[pool] = true;
    }

    /** zswap_pools in list order (not to be written into). */
    int[] list() {
        return list;
    }

    int current() {
        return list.length == 0 ? -1 : list[0];
    }

    /** list_add_rcu(): the pool becomes the list's first, the current pool. */
    void addFirst(int pool) {
        int[] l = new int[list.length + 1];
        l[0] = pool;
        System.arraycopy(list, 0, l, 1, list.length);
        list = l;
    }

    /** list_del_rcu(), if the pool is on the list. */
    void unlink(int pool) {
        for (int i = 0; i < list.length; i++) {
            if (list[i] == pool) {
                int[] l = new int[list.length - 1];
                System.arraycopy(list, 0, l, 0, i);
                System.arraycopy(list, i + 1, l, i, l.length - i);
                list = l;
                return;
            }
        }
    }

    void addEntry(int pool) {
        entries = Arrays.copyOf(entries, entries.length + 1);
        entries[entries.length - 1] = pool;
    }

    int entryCount() {
        return entries.length;
    }

    /** Removes the oldest entry and returns its pool. */
    int removeOldestEntry() {
        int pool = entries[0];
        entries = Arrays.copyOfRange(entries, 1, entries.length);
        return pool;
    }
}
