package zswapsim.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The workqueues' state, owned by the {@link Workqueues} actor: each CPU's worker pool and, when
 * the scenario has unbound workqueues, the unbound pool (each pool's pending work, and per kworker
 * what it runs, whether it is idle, running or asleep, and on which CPU an unbound one runs), the
 * work an ordered workqueue holds back, each workqueue's drain/destroy state, and who waits.
 * Items are {@code {work, arg, wq, flush mark}}; the inner lists and item arrays are replaced, never changed.
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

    /**
     * Per pool, the work items queued on it (pool->worklist), in order: pool {@code cpu} is that
     * CPU's, pool {@code cpus} (if there is one) the unbound pool.
     */
    final ArrayList<List<long[]>> pending;
    /** Kworkers per pool: worker {@code pool * poolSize + k} is kworker/cpu:(k+1), or of the unbound pool kworker/uN:(k+1). */
    final int poolSize;
    /** Per bound worker, its task context. Fixed at start: shared by all copies. */
    final int[] workerCtx;
    /**
     * Per unbound worker k and CPU c, at {@code k * cpus + c}: the task context that is that
     * kworker when it runs on CPU c (tasks are bound to one CPU in the model; an unbound kworker is
     * one such context per CPU, of which the first to run takes the wake-up). Fixed at start.
     */
    final int[] unboundCtx;
    /** Per worker, the CPU it runs on: a bound one its pool's, an unbound one the CPU whose context took its wake-up, else -1. */
    final int[] workerCpu;
    /** Per worker: IDLE, WAKING, RUNNING or SLEEPING (an unbound one never sleeps as far as its pool knows). */
    final int[] workerState;
    /** Per worker, the item it runs (worker->current_work), or null. */
    final long[][] current;
    /**
     * Per worker, the item assign_work() moved to it because it already runs that work
     * (find_worker_executing_work(): worker->scheduled); it runs it next. Null if none.
     */
    final long[][] scheduled;
    /** Per workqueue, the items max_active holds back (an ordered workqueue's, behind the one active), as items are. */
    final ArrayList<List<long[]>> inactive;
    /** Per workqueue: ALIVE, DRAINING or DESTROYED. */
    final int[] lifecycle;
    /**
     * Per work, while a delayed work's timer is pending (WORK_STRUCT_PENDING set, the work on no
     * list): the workqueue delayed_work_timer_fn() will queue it on (dwork->wq); -1 otherwise.
     */
    final int[] dworkWq;
    /**
     * Per work: WORK_STRUCT_PENDING left set by a queue that __queue_work() refused (its workqueue
     * draining or destroyed): the work is on no list and no timer, and nothing clears the bit again.
     */
    final boolean[] offQueue;
    /** Per work: queued once (insert_work()'s set_work_pwq()): work->data names a pool from then on. */
    final boolean[] hasPool;
    /**
     * Contexts sleeping until a work is idle (flush_work(), cancel_work_sync(): {ctx, cpu, work, -1, 0})
     * or a workqueue is ({ctx, cpu, -1, wq, the Workqueues.Flush ordinal}).
     */
    List<long[]> flushWaiters = List.of();

    /**
     * Every kworker starts idle; {@code workerCtx} lists the bound ones CPU by CPU, {@code
     * workerCtx.length / cpus} each, {@code unboundCtx} the unbound pool's (none: no unbound pool).
     */
    WorkqueueState(int cpus, int workqueues, int works, int[] workerCtx, int[] unboundCtx) {
        int pools = cpus + (unboundCtx.length > 0 ? 1 : 0);
        pending = new ArrayList<>(pools);
        for (int c = 0; c < pools; c++) {
            pending.add(List.of());
        }
        poolSize = workerCtx.length / cpus;
        this.workerCtx = workerCtx;
        this.unboundCtx = unboundCtx;
        int workers = pools * poolSize;
        workerCpu = new int[workers];
        for (int k = 0; k < workers; k++) {
            workerCpu[k] = k < workerCtx.length ? k / poolSize : -1;
        }
        workerState = new int[workers];
        current = new long[workers][];
        scheduled = new long[workers][];
        inactive = new ArrayList<>(workqueues);
        for (int w = 0; w < workqueues; w++) {
            inactive.add(List.of());
        }
        lifecycle = new int[workqueues];
        dworkWq = new int[works];
        Arrays.fill(dworkWq, -1);
        offQueue = new boolean[works];
        hasPool = new boolean[works];
    }

    private WorkqueueState(WorkqueueState o) {
        pending = new ArrayList<>(o.pending);
        poolSize = o.poolSize;
        workerCtx = o.workerCtx;
        unboundCtx = o.unboundCtx;
        workerCpu = o.workerCpu.clone();
        workerState = o.workerState.clone();
        current = o.current.clone();
        scheduled = o.scheduled.clone();
        inactive = new ArrayList<>(o.inactive);
        lifecycle = o.lifecycle.clone();
        dworkWq = o.dworkWq.clone();
        offQueue = o.offQueue.clone();
        hasPool = o.hasPool.clone();
        flushWaiters = o.flushWaiters;
    }

    WorkqueueState copy() {
        return new WorkqueueState(this);
    }

    /**
     * The unbound pool (its kworkers by number, each with the CPU it runs on renamed), each
     * workqueue's held-back work and lifecycle, the delayed works' workqueues, the works left
     * pending on no list and those that have a pool, and who waits; the
     * per-CPU pools are {@link #hashCpu}'s.
     */
    void hash(Fingerprint f, Relabel r) {
        if (hasUnboundPool()) {
            hashPool(f, unboundPool());
            for (int w = unboundPool() * poolSize; w < workerCpu.length; w++) {
                f.add(r.cpu(workerCpu[w]));
            }
        }
        for (int w = 0; w < inactive.size(); w++) {
            List<long[]> held = inactive.get(w);
            f.add(held.size());
            for (long[] item : held) {
                hashItem(f, item);
            }
            f.add(lifecycle[w]);
        }
        for (int wq : dworkWq) {
            f.add(wq);
        }
        for (int k = 0; k < offQueue.length; k++) {
            f.add(offQueue[k]).add(hasPool[k]);
        }
        r.hashWaiters(f, flushWaiters);
    }

    /**
     * CPU {@code cpu}'s pool: its pending work, and each kworker's state, item and scheduled item.
     * Kworkers are hashed by their place in the pool, which a renaming of CPUs keeps (the k-th
     * kworker of one CPU is the k-th of the other).
     */
    void hashCpu(Fingerprint f, int cpu, Relabel r) {
        hashPool(f, cpu);
    }

    private void hashPool(Fingerprint f, int pool) {
        List<long[]> q = pending.get(pool);
        f.add(q.size());
        for (long[] item : q) {
            hashItem(f, item);
        }
        for (int w = pool * poolSize; w < (pool + 1) * poolSize; w++) {
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

    /** The worker that task context {@code ctx} of CPU {@code cpu} is, of that CPU's pool or the unbound one, or -1 (no kworker). */
    int worker(int cpu, int ctx) {
        for (int w = cpu * poolSize; w < (cpu + 1) * poolSize; w++) {
            if (workerCtx[w] == ctx) {
                return w;
            }
        }
        for (int k = 0; k < poolSize && hasUnboundPool(); k++) {
            if (unboundCtx[k * unboundPool() + cpu] == ctx) {
                return unboundPool() * poolSize + k;
            }
        }
        return -1;
    }

    /** The unbound pool's number, after the CPUs' (whether or not there is one). */
    int unboundPool() {
        return workerCtx.length / poolSize;
    }

    boolean hasUnboundPool() {
        return unboundCtx.length > 0;
    }

    /** The pool worker {@code w} belongs to. */
    int pool(int w) {
        return w / poolSize;
    }

    /** Worker {@code w}'s task context on CPU {@code cpu} (a bound worker has one, on its pool's CPU). */
    int ctx(int w, int cpu) {
        int cpus = unboundPool();
        return pool(w) < cpus ? workerCtx[w] : unboundCtx[(w - cpus * poolSize) * cpus + cpu];
    }

    /**
     * Might another actor wake or take an unbound kworker's context on some CPU (one is idle or
     * woken)? Queueing work on an unbound workqueue wakes it on every CPU, and the first to run it
     * puts it back to sleep on the others.
     */
    boolean unboundMayWake() {
        for (int w = unboundPool() * poolSize; w < workerState.length; w++) {
            if (workerState[w] != RUNNING) {
                return true;
            }
        }
        return false;
    }
}
