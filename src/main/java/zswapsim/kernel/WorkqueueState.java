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

    void hash(Fingerprint f) {
        for (List<long[]> q : pending) {
            f.add(q.size());
            for (long[] item : q) {
                f.add(item[0]).add(item[1]);
            }
        }
        for (long[] r : running) {
            f.add(r == null ? -1 : r[0] * 31 + r[1]);
        }
        for (int w : idleWorker) {
            f.add(w);
        }
        f.add(flushWaiters.size());
        for (long[] w : flushWaiters) {
            f.add(w[0]).add(w[1]).add(w[2]);
        }
    }
}
