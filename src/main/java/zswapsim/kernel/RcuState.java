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

    /** The grace periods and the sleepers; the per-CPU parts are {@link #hashCpu}'s. */
    void hash(Fingerprint f, Relabel r) {
        f.add(started).add(completed).add(nextSeq);
        r.hashWaiters(f, barrierWaiters);
    }

    /** CPU {@code cpu}'s part: its quiescent-state request, its rcuo kthread, its callbacks. */
    void hashCpu(Fingerprint f, int cpu, Relabel r) {
        f.add(qsPending.get(cpu)).add(r.ctx(rcuoSleeping[cpu])).add(invoking[cpu]);
        List<Callback> l = callbacks.get(cpu);
        f.add(l.size());
        for (int j = 0; j < l.size(); j++) {
            Callback c = l.get(j);
            f.add(c.block()).add(c.block() == Rcu.WAKEME ? r.ctx(c.arg()) : c.arg()).add(c.seq()).add(c.gp());
        }
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
