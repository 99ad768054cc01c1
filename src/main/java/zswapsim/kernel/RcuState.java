package zswapsim.kernel;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Tree RCU reduced to what decides correctness: grace periods start and end, a grace period
 * ends only after every CPU reported a quiescent state, and each CPU's callbacks wait for the
 * grace period that was next when they were queued.
 */
final class RcuState {
    long started;
    long completed;
    /** CPUs that have not yet reported a quiescent state for the current grace period. */
    BitSet qsPending;
    /** Tasks that slept inside a read-side critical section the current grace period must wait for (blkd_tasks). */
    BitSet blockedReaders;
    /** Per CPU, in queue order. The inner lists are immutable: states share them until one changes. */
    ArrayList<List<Callback>> callbacks;
    int nextSeq;
    /** Contexts sleeping in rcu_barrier() (ctx, cpu, the last callback number they wait for). */
    List<long[]> barrierWaiters = List.of();
    /** Per CPU, the rcuo kthread's context while it sleeps with no ready callback, else -1. */
    int[] rcuoSleeping;
    /** Per CPU, the number of the callback rcu_do_batch() has invoked and that has not returned yet, else -1. */
    int[] invoking;

    RcuState(int cpus) {
        this(new BitSet(), new BitSet(), new ArrayList<>(cpus));
        for (int i = 0; i < cpus; i++) {
            callbacks.add(List.of());
        }
        rcuoSleeping = new int[cpus];
        java.util.Arrays.fill(rcuoSleeping, -1);
        invoking = new int[cpus];
        java.util.Arrays.fill(invoking, -1);
    }

    /** For copy(): nothing allocated only to be replaced. */
    private RcuState(BitSet qsPending, BitSet blockedReaders, ArrayList<List<Callback>> callbacks) {
        this.qsPending = qsPending;
        this.blockedReaders = blockedReaders;
        this.callbacks = callbacks;
    }

    RcuState copy() {
        RcuState r = new RcuState((BitSet) qsPending.clone(), (BitSet) blockedReaders.clone(),
                new ArrayList<>(callbacks));
        r.started = started;
        r.completed = completed;
        r.nextSeq = nextSeq;
        r.barrierWaiters = barrierWaiters;
        r.rcuoSleeping = rcuoSleeping.clone();
        r.invoking = invoking.clone();
        return r;
    }

    /**
     * The grace periods and the sleepers; the per-CPU parts are {@link #hashCpu}'s. Grace-period
     * numbers are hashed relative to the last completed one ({@link #relativeGp}) and callback
     * numbers by their rank among the live ones ({@link #liveSeqs}): the model only compares them
     * with each other (and numbers new callbacks above every live one), so a state one grace period
     * and one callback later with the same queues behaves the same, and a callback that re-posts
     * itself makes the states repeat instead of growing without end.
     */
    void hash(Fingerprint f, Relabel r) {
        f.add(started - completed).add(barrierWaiters.size());
        if (barrierWaiters.isEmpty()) {
            return;
        }
        long[] live = liveSeqs();
        for (int i = 0; i < barrierWaiters.size(); i++) {
            long[] w = barrierWaiters.get(i);
            f.add(r.ctx((int) w[0])).add(r.cpu((int) w[1])).add(rank(live, w[2]));
        }
    }

    /** CPU {@code cpu}'s part: its quiescent-state request, its rcuo kthread, its callbacks. */
    void hashCpu(Fingerprint f, int cpu, Relabel r) {
        List<Callback> l = callbacks.get(cpu);
        // Most CPUs have no callback queued or running: no ranks to compute.
        long[] live = l.isEmpty() && invoking[cpu] < 0 ? null : liveSeqs();
        f.add(qsPending.get(cpu)).add(r.ctx(rcuoSleeping[cpu])).add(invoking[cpu] < 0 ? -1 : rank(live, invoking[cpu]));
        f.add(l.size());
        for (int j = 0; j < l.size(); j++) {
            Callback c = l.get(j);
            f.add(c.block()).add(c.block() == Rcu.WAKEME ? r.ctx(c.arg()) : c.arg())
                    .add(rank(live, c.seq())).add(relativeGp(c.gp()));
        }
    }

    /**
     * A grace-period number as the fingerprint holds it: how far past the last completed one, or
     * 0 for one that has completed (the model asks of those only that they have).
     */
    long relativeGp(long gp) {
        return Math.max(0, gp - completed);
    }

    /**
     * The callback numbers the model may still compare, sorted and distinct: queued callbacks,
     * callbacks being invoked, and the last number each rcu_barrier() waits for.
     */
    private long[] liveSeqs() {
        int n = barrierWaiters.size() + invoking.length;
        for (List<Callback> l : callbacks) {
            n += l.size();
        }
        long[] live = new long[n];
        int k = 0;
        for (List<Callback> l : callbacks) {
            for (int j = 0; j < l.size(); j++) {
                live[k++] = l.get(j).seq();
            }
        }
        for (int seq : invoking) {
            if (seq >= 0) {
                live[k++] = seq;
            }
        }
        for (int i = 0; i < barrierWaiters.size(); i++) {
            live[k++] = barrierWaiters.get(i)[2];
        }
        java.util.Arrays.sort(live, 0, k);
        int distinct = 0;
        for (int i = 0; i < k; i++) {
            if (distinct == 0 || live[distinct - 1] != live[i]) {
                live[distinct++] = live[i];
            }
        }
        return java.util.Arrays.copyOf(live, distinct);
    }

    /** A live callback number's rank among the live ones. */
    private static int rank(long[] live, long seq) {
        return java.util.Arrays.binarySearch(live, seq);
    }

    static List<long[]> plus(List<long[]> l, long[] w) {
        List<long[]> n = new ArrayList<>(l);
        n.add(w);
        return List.copyOf(n);
    }

    boolean gpInProgress() {
        return started > completed;
    }

    /** The grace period a new callback or synchronize_rcu() must wait for: the next one to start. */
    long nextGp() {
        return started + 1;
    }

    void enqueue(int cpu, Callback cb) {
        List<Callback> l = new ArrayList<>(callbacks.get(cpu));
        l.add(cb);
        callbacks.set(cpu, List.copyOf(l));
    }

    /** The oldest callback queued on {@code cpu} (there must be one). */
    Callback peek(int cpu) {
        return callbacks.get(cpu).get(0);
    }

    Callback dequeue(int cpu) {
        List<Callback> l = callbacks.get(cpu);
        callbacks.set(cpu, List.copyOf(l.subList(1, l.size())));
        return l.get(0);
    }

    boolean hasReady(int cpu) {
        return !callbacks.get(cpu).isEmpty() && callbacks.get(cpu).get(0).gp() <= completed;
    }
}
