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
    BitSet qsPending = new BitSet();
    /** Tasks that slept inside a read-side critical section the current grace period must wait for (blkd_tasks). */
    BitSet blockedReaders = new BitSet();
    /** Per CPU, in queue order. The inner lists are immutable: states share them until one changes. */
    ArrayList<List<Callback>> callbacks = new ArrayList<>();
    int nextSeq;

    RcuState(int cpus) {
        for (int i = 0; i < cpus; i++) {
            callbacks.add(List.of());
        }
    }

    private RcuState() {
    }

    RcuState copy() {
        RcuState r = new RcuState();
        r.started = started;
        r.completed = completed;
        r.qsPending = (BitSet) qsPending.clone();
        r.blockedReaders = (BitSet) blockedReaders.clone();
        r.callbacks = new ArrayList<>(callbacks);
        r.nextSeq = nextSeq;
        return r;
    }

    void hash(Fingerprint f) {
        f.add(started).add(completed).add(qsPending.hashCode()).add(blockedReaders.hashCode()).add(nextSeq);
        for (List<Callback> l : callbacks) {
            f.add(l.size());
            for (Callback c : l) {
                f.add(c.block()).add(c.arg()).add(c.seq()).add(c.gp());
            }
        }
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

    Callback dequeue(int cpu) {
        List<Callback> l = callbacks.get(cpu);
        callbacks.set(cpu, List.copyOf(l.subList(1, l.size())));
        return l.get(0);
    }

    boolean hasReady(int cpu) {
        return !callbacks.get(cpu).isEmpty() && callbacks.get(cpu).get(0).gp() <= completed;
    }
}
