package zswapsim.kernel;

import java.util.Arrays;

/** A lock instance: its exclusive owner and its readers, by context id. */
final class LockState {
    private static final int[] NONE = new int[0];

    int owner = -1;
    /** Replaced, never written in place, so copies share it. */
    int[] readers = NONE;

    LockState copy() {
        LockState l = new LockState();
        l.owner = owner;
        l.readers = readers;
        return l;
    }

    void hash(Fingerprint f) {
        f.add(owner).add(readers.length);
        for (int r : readers) {
            f.add(r);
        }
    }

    boolean free() {
        return owner < 0 && readers.length == 0;
    }

    void addReader(int ctx) {
        readers = Arrays.copyOf(readers, readers.length + 1);
        readers[readers.length - 1] = ctx;
    }

    /** Drops one read hold of {@code ctx}; false if it held none. */
    boolean removeReader(int ctx) {
        for (int i = 0; i < readers.length; i++) {
            if (readers[i] == ctx) {
                int[] n = new int[readers.length - 1];
                System.arraycopy(readers, 0, n, 0, i);
                System.arraycopy(readers, i + 1, n, i, readers.length - i - 1);
                readers = n;
                return true;
            }
        }
        return false;
    }
}
