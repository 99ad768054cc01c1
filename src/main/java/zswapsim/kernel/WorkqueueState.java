package zswapsim.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The workqueues' state, owned by the {@link Workqueues} actor: per-CPU pending and running work,
 * the work an ordered workqueue holds back, each workqueue's drain/destroy state, and who waits.
 * Items are {@code {work, arg, wq}}; the inner lists are replaced, never changed.
 */
final class WorkqueueState {
    static final int ALIVE = 0;
    /** drain_workqueue() runs: only chained work (queued by its own work) may be queued. */
    static final int DRAINING = 1;
    /** destroy_workqueue() has returned. */
    static final int DESTROYED = 2;

    /** Per CPU, the work items queued on its pool, in order: {work, arg, wq}. */
    final ArrayList<List<long[]>> pending;
    /** Per CPU, the item its kworker runs, {work, arg, wq, kworker ctx}, or null. */
    final long[][] running;
    /** Per CPU, the kworker's context while it sleeps with nothing to do, else -1. */
    final int[] idleWorker;
    /** Per workqueue, the items max_active holds back (an ordered workqueue's, behind the one active): {work, arg, cpu}. */
    final ArrayList<List<long[]>> inactive;
    /** Per workqueue: ALIVE, DRAINING or DESTROYED. */
    final int[] lifecycle;
    /**
     * Contexts sleeping until a work is idle (flush_work(), cancel_work_sync(): {ctx, cpu, work, -1, 0})
     * or a workqueue is ({ctx, cpu, -1, wq, the Workqueues.Flush ordinal}).
     */
    List<long[]> flushWaiters = List.of();

    WorkqueueState(int cpus, int workqueues) {
        pending = new ArrayList<>(cpus);
        for (int c = 0; c < cpus; c++) {
            pending.add(List.of());
        }
        running = new long[cpus][];
        idleWorker = new int[cpus];
        Arrays.fill(idleWorker, -1);
        inactive = new ArrayList<>(workqueues);
        for (int w = 0; w < workqueues; w++) {
            inactive.add(List.of());
        }
        lifecycle = new int[workqueues];
    }

    private WorkqueueState(WorkqueueState o) {
        pending = new ArrayList<>(o.pending);
        running = o.running.clone();
        idleWorker = o.idleWorker.clone();
        inactive = new ArrayList<>(o.inactive);
        lifecycle = o.lifecycle.clone();
        flushWaiters = o.flushWaiters;
    }

    WorkqueueState copy() {
        return new WorkqueueState(this);
    }

    void hash(Fingerprint f) {
        for (List<long[]> q : pending) {
            hashItems(f, q);
        }
        for (long[] r : running) {
            f.add(r == null ? -1 : (r[0] * 31 + r[1]) * 31 + r[2]);
        }
        for (int w : idleWorker) {
            f.add(w);
        }
        for (int w = 0; w < inactive.size(); w++) {
            hashItems(f, inactive.get(w));
            f.add(lifecycle[w]);
        }
        hashItems(f, flushWaiters);
    }

    private static void hashItems(Fingerprint f, List<long[]> items) {
        f.add(items.size());
        for (long[] item : items) {
            for (long x : item) {
                f.add(x);
            }
        }
    }
}
