package zswapsim.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The workqueues' state, owned by the {@link Workqueues} actor: each CPU's worker pool (its
 * pending work, and per kworker what it runs and whether it is idle, running or asleep), the work
 * an ordered workqueue holds back, each workqueue's drain/destroy state, and who waits.
 * Items are {@code {work, arg, wq}}; the inner lists and item arrays are replaced, never changed.
 */
final class WorkqueueState {
    static final int ALIVE = 0;
    /** drain_workqueue() runs: only chained work (queued by its own work) may be queued. */
    static final int DRAINING = 1;
    /** destroy_workqueue() has returned. */
    static final int DESTROYED = 2;

    /** A kworker on its pool's idle list, asleep (worker_enter_idle()). */
    static final int IDLE = 0;
    /** Woken by kick_pool(), not yet running: still first on the idle list, so not woken twice. */
    static final int WAKING = 1;
    /** Counted in the pool's nr_running: between items, or in one and not asleep (it may spin or be preempted). */
    static final int RUNNING = 2;
    /** Asleep inside its item (wq_worker_sleeping() took it out of nr_running). */
    static final int SLEEPING = 3;

    /** Per CPU, the work items queued on its pool (pool->worklist), in order: {work, arg, wq}. */
    final ArrayList<List<long[]>> pending;
    /** Kworkers per CPU: worker {@code cpu * poolSize + k} is kworker/cpu:(k+1). */
    final int poolSize;
    /** Per worker, its task context. Fixed at start: shared by all copies. */
    final int[] workerCtx;
    /** Per worker: IDLE, WAKING, RUNNING or SLEEPING. */
    final int[] workerState;
    /** Per worker, the item it runs (worker->current_work), or null. */
    final long[][] current;
    /**
     * Per worker, the item assign_work() moved to it because it already runs that work
     * (find_worker_executing_work(): worker->scheduled); it runs it next. Null if none.
     */
    final long[][] scheduled;
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

    /** Every kworker starts idle; {@code workerCtx} lists them CPU by CPU, {@code workerCtx.length / cpus} each. */
    WorkqueueState(int cpus, int workqueues, int works, int[] workerCtx) {
        pending = new ArrayList<>(cpus);
        for (int c = 0; c < cpus; c++) {
            pending.add(List.of());
        }
        poolSize = workerCtx.length / cpus;
        this.workerCtx = workerCtx;
        workerState = new int[workerCtx.length];
        current = new long[workerCtx.length][];
        scheduled = new long[workerCtx.length][];
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
        poolSize = o.poolSize;
        workerCtx = o.workerCtx;
        workerState = o.workerState.clone();
        current = o.current.clone();
        scheduled = o.scheduled.clone();
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
                f.add(item[0]).add(item[1]).add(r.cpu((int) item[2])).add(item[3]);
            }
            f.add(lifecycle[w]);
        }
        for (int wq : dworkWq) {
            f.add(wq);
        }
        r.hashWaiters(f, flushWaiters);
    }

    /**
     * CPU {@code cpu}'s pool: its pending work, and each kworker's state, item and scheduled item.
     * Kworkers are hashed by their place in the pool, which a renaming of CPUs keeps (the k-th
     * kworker of one CPU is the k-th of the other).
     */
    void hashCpu(Fingerprint f, int cpu, Relabel r) {
        List<long[]> q = pending.get(cpu);
        f.add(q.size());
        for (long[] item : q) {
            hashItem(f, item);
        }
        for (int w = cpu * poolSize; w < (cpu + 1) * poolSize; w++) {
            f.add(workerState[w]);
            hashItem(f, current[w]);
            hashItem(f, scheduled[w]);
        }
    }

    private static void hashItem(Fingerprint f, long[] item) {
        if (item == null) {
            f.add(-1);
        } else {
            f.add(item[0]).add(item[1]).add(item[2]).add(item[3]);
        }
    }

    /** Does a kworker of CPU {@code cpu}'s pool sleep inside a work item? */
    boolean sleepsInWork(int cpu) {
        for (int w = cpu * poolSize; w < (cpu + 1) * poolSize; w++) {
            if (workerState[w] == SLEEPING) {
                return true;
            }
        }
        return false;
    }

    /** The worker of CPU {@code cpu}'s pool whose task context is {@code ctx}, or -1 (not one of its kworkers). */
    int worker(int cpu, int ctx) {
        for (int w = cpu * poolSize; w < (cpu + 1) * poolSize; w++) {
            if (workerCtx[w] == ctx) {
                return w;
            }
        }
        return -1;
    }
}
