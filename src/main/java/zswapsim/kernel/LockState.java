package zswapsim.kernel;

import java.util.Arrays;

/**
 * A lock instance's own state, owned by its {@link LockActor}: the exclusive owner, the readers,
 * and the contexts waiting for it in the order the lock grants them. Arrays are replaced, never
 * written in place, so copies share them.
 */
final class LockState {
    private static final int[] NONE = new int[0];
    private static final Waiter[] NO_WAITERS = new Waiter[0];

    /** A context queued on the lock: who it is (for the trace), whether it reads, and from where it asked. */
    record Waiter(int ctx, int cpu, String who, boolean read, boolean inInterrupt) {
    }

    int owner = -1;
    String ownerWho;
    int[] readers = NONE;
    String[] readerWho = new String[0];
    Waiter[] waiters = NO_WAITERS;
    /** MUTEX_FLAG_HANDOFF, RWSEM_FLAG_HANDOFF: the first waiter lost the lock once after a wake-up; the next release is its. */
    boolean handoff;
    /**
     * Read releases by contexts that held no read of it. The lock word counts readers, not who
     * they are (qrwlock's cnts, the rwsem's count), so each took one reader off all the same: the
     * word's count is {@code readers.length - strayReadReleases}, and below zero no writer ever
     * gets the lock.
     */
    int strayReadReleases;
    /**
     * An rwsem's {@code up_write()} found no writer holding it: __up_write() subtracts
     * RWSEM_WRITER_LOCKED from the count all the same, and the count it leaves (-1 on a free
     * rwsem, a reader count minus one on a read-held one) keeps the writer bit set for good, so
     * no reader or writer ever gets the rwsem again.
     */
    boolean strayWriteRelease;

    LockState copy() {
        LockState l = new LockState();
        l.owner = owner;
        l.ownerWho = ownerWho;
        l.readers = readers;
        l.readerWho = readerWho;
        l.waiters = waiters;
        l.handoff = handoff;
        l.strayReadReleases = strayReadReleases;
        l.strayWriteRelease = strayWriteRelease;
        return l;
    }

    void hash(Fingerprint f, Relabel r) {
        f.add(r.ctx(owner)).add(readers.length);
        for (int reader : readers) {
            f.add(r.ctx(reader));
        }
        f.add(waiters.length);
        for (Waiter w : waiters) {
            f.add(r.ctx(w.ctx())).add(w.read()).add(w.inInterrupt());
        }
        f.add(handoff).add(strayReadReleases).add(strayWriteRelease);
    }

    /** Nobody holds it, and the lock word says so ({@link #strayWriteRelease}). */
    boolean free() {
        return owner < 0 && readers.length == 0 && !strayWriteRelease;
    }

    /** A writer may have it: no owner, and the lock word counts no reader nor a writer (see {@link #strayReadReleases}). */
    boolean writable() {
        return owner < 0 && readers.length == strayReadReleases && !strayWriteRelease;
    }

    void addReader(int ctx, String who) {
        readers = Arrays.copyOf(readers, readers.length + 1);
        readers[readers.length - 1] = ctx;
        readerWho = Arrays.copyOf(readerWho, readerWho.length + 1);
        readerWho[readerWho.length - 1] = who;
    }

    /** Drops one read hold of {@code ctx}; false if it held none. */
    boolean removeReader(int ctx) {
        for (int i = 0; i < readers.length; i++) {
            if (readers[i] == ctx) {
                readers = without(readers, i);
                String[] w = new String[readerWho.length - 1];
                System.arraycopy(readerWho, 0, w, 0, i);
                System.arraycopy(readerWho, i + 1, w, i, readerWho.length - i - 1);
                readerWho = w;
                return true;
            }
        }
        return false;
    }

    void enqueue(Waiter w) {
        waiters = Arrays.copyOf(waiters, waiters.length + 1);
        waiters[waiters.length - 1] = w;
    }

    void dequeue(int index) {
        Waiter[] n = new Waiter[waiters.length - 1];
        System.arraycopy(waiters, 0, n, 0, index);
        System.arraycopy(waiters, index + 1, n, index, waiters.length - index - 1);
        waiters = n;
    }

    private static int[] without(int[] a, int i) {
        int[] n = new int[a.length - 1];
        System.arraycopy(a, 0, n, 0, i);
        System.arraycopy(a, i + 1, n, i, a.length - i - 1);
        return n;
    }

    /** "CPU0 task sysfs-writer, CPU1 softirq RCU_SOFTIRQ (read)", or "nobody". */
    String holders() {
        StringBuilder b = new StringBuilder();
        if (owner >= 0) {
            b.append(ownerWho);
        }
        for (String r : readerWho) {
            b.append(b.length() > 0 ? ", " : "").append(r).append(" (read)");
        }
        String who = b.length() == 0 ? "nobody" : b.toString();
        if (strayWriteRelease) {
            return who + "; the count keeps RWSEM_WRITER_LOCKED set (an up_write() it was not write-held for)";
        }
        return strayReadReleases == 0 ? who : who + "; the lock word counts " + (readers.length - strayReadReleases) + " readers";
    }
}
