package zswapsim.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** system_wq's state, owned by its {@link Workqueues} actor: per-CPU pending and running work, and who waits. */
final class WorkqueueState {
    /** Per CPU, the work items (block, arg) queued on it, in order. The inner lists are replaced, never changed. */
    final ArrayList<List<long[]>> pending;
    /** Per CPU, the work item its kworker is running, or null. */
    final long[][] running;
    /** Per CPU, the kworker's context while it sleeps with nothing to do, else -1. */
    final int[] idleWorker;
    /** Contexts sleeping in flush_work(): (ctx, cpu, block). */
    List<long[]> flushWaiters = List.of();

    WorkqueueState(int cpus) {
        pending = new ArrayList<>(cpus);
        for (int c = 0; c < cpus; c++) {
            pending.add(List.of());
        }
        running = new long[cpus][];
        idleWorker = new int[cpus];
        Arrays.fill(idleWorker, -1);
    }

    private WorkqueueState(WorkqueueState o) {
        pending = new ArrayList<>(o.pending);
        running = o.running.clone();
        idleWorker = o.idleWorker.clone();
        flushWaiters = o.flushWaiters;
    }

    WorkqueueState copy() {
        return new WorkqueueState(this);
    }

    /** Who waits in flush_work(); the per-CPU parts are {@link #hashCpu}'s. */
    void hash(Fingerprint f, Relabel r) {
        r.hashWaiters(f, flushWaiters);
    }

    /** CPU {@code cpu}'s pool: its pending work, the work running, its idle kworker. */
    void hashCpu(Fingerprint f, int cpu, Relabel r) {
        List<long[]> q = pending.get(cpu);
        f.add(q.size());
        for (long[] item : q) {
            f.add(item[0]).add(item[1]);
        }
        long[] run = running[cpu];
        f.add(run == null ? -1 : run[0] * 31 + run[1]);
        f.add(r.ctx(idleWorker[cpu]));
    }
}
