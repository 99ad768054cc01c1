package zswapsim.explore;

import java.util.Arrays;

/**
 * The checker's visited set: state fingerprint to a dense state number, open addressing on
 * primitive arrays (no boxing), plus per-state parent, move and path count.
 */
final class StateIndex {
    private long[] keys = new long[1 << 16];
    private int[] ids = new int[1 << 16];
    private int size;
    int[] parent = new int[1 << 12];
    int[] move = new int[1 << 12];
    double[] paths = new double[1 << 12];
    /** With a preemption bound: the CPU that stepped last and the preemptions spent on the way. */
    int[] last = new int[1 << 12];
    int[] used = new int[1 << 12];
    /** With sleep sets: the canonical names of the moves the state was expanded without (null: none). */
    private long[][] sleep = new long[1 << 12][];
    private static final long[] NONE = new long[0];

    StateIndex() {
        Arrays.fill(ids, -1);
    }

    int size() {
        return size;
    }

    /** The state's number, or -1 if unseen. */
    int find(long fp) {
        int mask = keys.length - 1;
        for (int i = mix(fp) & mask; ; i = (i + 1) & mask) {
            if (ids[i] < 0) {
                return -1;
            }
            if (keys[i] == fp) {
                return ids[i];
            }
        }
    }

    /** Adds an unseen state and returns its number. */
    int add(long fp, int parentId, int moveIndex, double p) {
        if ((size + 1) * 2 > keys.length) {
            rehash();
        }
        int id = size++;
        insert(fp, id);
        if (id == parent.length) {
            int n = parent.length * 2;
            parent = Arrays.copyOf(parent, n);
            move = Arrays.copyOf(move, n);
            paths = Arrays.copyOf(paths, n);
            last = Arrays.copyOf(last, n);
            used = Arrays.copyOf(used, n);
            sleep = Arrays.copyOf(sleep, n);
        }
        parent[id] = parentId;
        move[id] = moveIndex;
        paths[id] = p;
        last[id] = PreemptionBound.NONE;
        return id;
    }

    /** The state's sleep set, sorted canonical move names ({@link SleepSet#codes}). */
    long[] sleep(int id) {
        return sleep[id] == null ? NONE : sleep[id];
    }

    void setSleep(int id, long[] codes) {
        sleep[id] = codes.length == 0 ? null : codes;
    }

    private void insert(long fp, int id) {
        int mask = keys.length - 1;
        int i = mix(fp) & mask;
        while (ids[i] >= 0) {
            i = (i + 1) & mask;
        }
        keys[i] = fp;
        ids[i] = id;
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldIds = ids;
        keys = new long[oldKeys.length * 2];
        ids = new int[oldIds.length * 2];
        Arrays.fill(ids, -1);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldIds[i] >= 0) {
                insert(oldKeys[i], oldIds[i]);
            }
        }
    }

    private static int mix(long fp) {
        long h = fp * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
