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
     * Per work, while a delayed work's timer is pending (WORK_STRUCT_PENDING set, the work on no
     * list): the workqueue delayed_work_timer_fn() will queue it on (dwork->wq); -1 otherwise.
     */
    final int[] dworkWq;
    /**
     * Contexts sleeping until a work is idle (flush_work(), cancel_work_sync(): {ctx, cpu, work, -1, 0})
     * or a workqueue is ({ctx, cpu, -1, wq, the Workqueues.Flush ordinal}).
     */
    List<long[]> flushWaiters = List.of();

    WorkqueueState(int cpus, int workqueues, int works) {
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
        dworkWq = new int[works];
        Arrays.fill(dworkWq, -1);
    }

    private WorkqueueState(WorkqueueState o) {
        pending = new ArrayList<>(o.pending);
        running = o.running.clone();
        idleWorker = o.idleWorker.clone();
        inactive = new ArrayList<>(o.inactive);
        lifecycle = o.lifecycle.clone();
        dworkWq = o.dworkWq.clone();
        flushWaiters = o.flushWaiters;
    }

    WorkqueueState copy() {
        return new WorkqueueState(this);
    }

    /** Each workqueue's held-back work and lifecycle, the delayed works' workqueues, and who waits; the per-CPU parts are {@link #hashCpu}'s. */
    void hash(Fingerprint f, Relabel r) {
        for (int w = 0; w < inactive.size(); w++) {
            List<long[]> held = inactive.get(w);
            f.add(held.size());
            for (long[] item : held) {
                f.add(item[0]).add(item[1]).add(r.cpu((int) item[2]));
            }
            f.add(lifecycle[w]);
        }
        for (int wq : dworkWq) {
            f.add(wq);
        }
        r.hashWaiters(f, flushWaiters);
    }

    /** CPU {@code cpu}'s pool: its pending work, the work running and on which kworker, its idle kworker. */
    void hashCpu(Fingerprint f, int cpu, Relabel r) {
        List<long[]> q = pending.get(cpu);
        f.add(q.size());
        for (long[] item : q) {
            f.add(item[0]).add(item[1]).add(item[2]);
        }
        long[] run = running[cpu];
        if (run == null) {
            f.add(-1);
        } else {
            f.add(run[0]).add(run[1]).add(run[2]).add(r.ctx((int) run[3]));
        }
        f.add(r.ctx(idleWorker[cpu]));
    }
}
