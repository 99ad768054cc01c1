package zswapsim.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code workqueue}: system_wq and the scenario's workqueues as one actor (kernel/workqueue.c).
 * queue_work() queues on the calling CPU's worker pool, or for an unbound workqueue (WQ_UNBOUND,
 * which every ordered one is) on the unbound pool; a kworker asks for its next item, runs it,
 * and reports it done, which wakes the flush_work(), cancel_work_sync() and flush_workqueue()
 * callers waiting for it. An ordered workqueue (max_active 1) keeps all but its one active item
 * back, and activates the next when it completes, as pwq_dec_nr_active() does.
 *
 * <p>The unbound pool (one: these machines have one pod, and an ordered workqueue's single pwq
 * spans every CPU anyway) has kworkers the scheduler may run on any CPU. The model binds every
 * task to one CPU, so each unbound kworker is one context per CPU: kick_pool() wakes all of them,
 * the first to run takes the wake-up, with the item (worker_thread() holds pool->lock from its
 * wake-up into process_one_work()), and the others sleep again ({@link #takeWakeUp}). It stays
 * on that CPU until it is idle again: it is not preempted there ({@link Moves}), and one woken
 * inside its item resumes there. The unbound pool is not concurrency managed (WORKER_UNBOUND is
 * in WORKER_NOT_RUNNING): it wakes an idle kworker whenever work is pending, even while another
 * of its kworkers runs, each item that starts kicks it again (process_one_work()), and a kworker
 * whose item returned takes the next itself (keep_working()).
 *
 * <p>Each CPU's pool is concurrency managed, as in the kernel: it counts the kworkers that run
 * (nr_running: those not idle and not asleep inside an item; one that spins or is preempted still
 * counts). kick_pool() wakes the first idle kworker when work is pending and none runs
 * (need_more_worker()): on queue_work(), and when the CPU reports that a kworker went to sleep in
 * its item (wq_worker_sleeping()). A kworker takes the next item only while no other kworker of the
 * pool runs (keep_working()), so a pool runs one item at a time until that item sleeps. The same
 * work is never run by two kworkers of one pool: an item whose work a kworker already runs goes
 * to that kworker, which runs it next (find_worker_executing_work(), assign_work()). So at most one
 * kworker per distinct work is busy, and {@link #poolSize} kworkers per pool always suffice.
 * While drain_workqueue() runs, and after destroy_workqueue(), only a work of the workqueue itself
 * may queue on it (__queue_work()'s WARN_ON_ONCE(!is_chained_work(wq))).
 *
 * <p>Lockdep sees work as the kernel annotates it (the CPU-side helpers at the bottom):
 * process_one_work() holds the workqueue's map {@code (wq_completion)NAME}, then the work's map
 * {@code (work_completion)(...)}, around the function; flush_work() and cancel_work_sync() take
 * the work's map (__flush_work()), flush_work() also the workqueue's map when it is ordered
 * (start_flush_work()), and flush_workqueue(), drain_workqueue() and destroy_workqueue() the
 * workqueue's (__flush_workqueue()). So "hold M, wait for work that takes M" is a circular dependency.
 *
 * <p>A delayed work (struct delayed_work) is a work and a timer of the timers actor. This actor
 * owns its WORK_STRUCT_PENDING: queue_delayed_work() sets it and arms the timer on the calling CPU
 * (add_timer_global() since v6.9: a global timer, which another CPU may expire while this one
 * idles); the timer's delayed_work_timer_fn() queues the work on the CPU that runs it (dwork->cpu
 * is WORK_CPU_UNBOUND: __queue_work() takes the local CPU); try_to_grab_pending(),
 * for mod_delayed_work() and the cancels, deletes a pending timer (del_timer(): no lockdep map)
 * or takes the work off its queue; flush_delayed_work() deletes a pending timer (its CPU side took
 * the timer's map, del_timer_sync()), queues the work at once and flushes it.
 */
final class Workqueues {
    private Workqueues() {
    }

    /** queue_work(wq, work) from context {@code ctx} on CPU {@code cpu}: queue it there unless it is already pending. */
    record QueueWork(int cpu, int wq, int work, int arg, int ctx) implements Message {
    }

    /** __flush_work(): wait until {@code work} is neither pending nor running. */
    record FlushWork(int ctx, int cpu, int work, String op) implements Message {
    }

    /** cancel_work_sync(): take {@code work} off its queue if pending, then wait while it runs. */
    record CancelWorkSync(int ctx, int cpu, int work, String op) implements Message {
    }

    /**
     * queue_delayed_work() (or, with {@code mod}, mod_delayed_work()) from context {@code ctx} on
     * CPU {@code cpu}: arm the work's timer there for workqueue {@code wq}, unless the work is
     * pending; mod_delayed_work() first takes it off its timer or queue.
     */
    record QueueDelayedWork(int cpu, int wq, int work, int ctx, boolean mod) implements Message {
    }

    /** delayed_work_timer_fn() on CPU {@code cpu}, in context {@code ctx}: __queue_work() the work on its workqueue there. */
    record DelayedWorkTimerFn(int cpu, int work, int ctx) implements Message {
    }

    /** cancel_delayed_work() (and, with {@code sync}, cancel_delayed_work_sync()): steal the timer or the queued work; sync then waits while it runs. */
    record CancelDelayedWork(int ctx, int cpu, int work, boolean sync, String op) implements Message {
    }

    /** flush_delayed_work(): queue the work now if its timer was pending, then flush_work(). */
    record FlushDelayedWork(int ctx, int cpu, int work, String op) implements Message {
    }

    /** What a workqueue flush does while it waits and once the workqueue is empty. */
    enum Flush {
        /** flush_workqueue(): wait, nothing more. */
        FLUSH,
        /** drain_workqueue(): refuse outside work while waiting. */
        DRAIN,
        /** destroy_workqueue(): drain, then the workqueue is gone. */
        DESTROY
    }

    /** flush_workqueue(), drain_workqueue() or destroy_workqueue(): wait until {@code wq} has no work. */
    record FlushWorkqueue(int ctx, int cpu, int wq, Flush what) implements Message {
    }

    /** A kthread (kworker, or rcuo for RCU) asks whether there is work; it sleeps if not. */
    record KthreadWait(int ctx, int cpu) implements Message {
    }

    /** process_one_work(): the kworker takes the item assigned to it, or its CPU's oldest. */
    record WorkerRun(int ctx, int cpu) implements Message {
    }

    /** The kworker's item returned. */
    record WorkerDone(int ctx, int cpu) implements Message {
    }

    /** wq_worker_sleeping(): the kworker went to sleep inside its item. */
    record WorkerSleeping(int ctx, int cpu) implements Message {
    }

    /** wq_worker_running(): the kworker that slept inside its item runs again. */
    record WorkerRunning(int ctx, int cpu) implements Message {
    }

    static void receive(Post post, Program p, WorkqueueState w, Message msg) {
        Address self = Address.WORKQUEUE;
        if (msg instanceof QueueWork q) {
            queue(post, p, w, q);
        } else if (msg instanceof FlushWork f) {
            flush(post, p, w, f.ctx(), f.cpu(), f.work(), f.op());
        } else if (msg instanceof CancelWorkSync c) {
            cancel(post, p, w, c.ctx(), c.cpu(), c.work(), true, c.op());
        } else if (msg instanceof QueueDelayedWork q) {
            queueDelayed(post, p, w, q);
        } else if (msg instanceof DelayedWorkTimerFn t) {
            int wq = w.dworkWq[t.work()];
            if (wq < 0) {
                throw new IllegalStateException("delayed_work_timer_fn() of " + p.works.get(t.work()).name() + ", which is not pending");
            }
            w.dworkWq[t.work()] = -1;
            queue(post, p, w, new QueueWork(t.cpu(), wq, t.work(), 0, t.ctx()));
        } else if (msg instanceof CancelDelayedWork c) {
            cancel(post, p, w, c.ctx(), c.cpu(), c.work(), c.sync(), c.op());
        } else if (msg instanceof FlushDelayedWork f) {
            int wq = w.dworkWq[f.work()];
            if (wq >= 0) {
                // del_timer_sync() deleted the pending timer: __queue_work() on this CPU now.
                stealTimer(post, p, w, f.work());
                queue(post, p, w, new QueueWork(f.cpu(), wq, f.work(), 0, f.ctx()));
            }
            flush(post, p, w, f.ctx(), f.cpu(), f.work(), f.op());
        } else if (msg instanceof FlushWorkqueue f) {
            flushWorkqueue(post, p, w, f);
        } else if (msg instanceof KthreadWait k) {
            int worker = w.worker(k.cpu(), k.ctx());
            int pool = w.pool(worker);
            if (w.scheduled[worker] == null && (w.pending.get(pool).isEmpty() || othersRunning(w, pool, worker))) {
                idle(post, w, worker);
            } else {
                w.workerState[worker] = WorkqueueState.RUNNING;
            }
        } else if (msg instanceof WorkerRun r) {
            int worker = w.worker(r.cpu(), r.ctx());
            int pool = w.pool(worker);
            takeWakeUp(post, w, worker, r.cpu());
            if (w.workerState[worker] == WorkqueueState.WAKING && w.scheduled[worker] == null && othersRunning(w, pool, worker)) {
                idle(post, w, worker);     // woken into process_one_work(): need_more_worker() first
            } else {
                run(post, p, w, pool, worker);
            }
        } else if (msg instanceof WorkerDone d) {
            int worker = w.worker(d.cpu(), d.ctx());
            long[] item = w.current[worker];
            w.current[worker] = null;
            post.send(self, Address.cpu(d.cpu()), new CpuActor.WorkDone(d.ctx(), (int) item[0], (int) item[2]));
            activate(post, p, w, (int) item[2]);
            wakeFlushers(post, p, w);
        } else if (msg instanceof WorkerSleeping z) {
            int worker = w.worker(z.cpu(), z.ctx());
            w.workerState[worker] = WorkqueueState.SLEEPING;
            post.note(self, kworkerName(w, worker) + " sleeps in " + p.works.get((int) w.current[worker][0]).name()
                    + ": CPU" + z.cpu() + "'s pool has " + nrRunning(w, z.cpu()) + " running");
            kick(post, p, w, z.cpu());
        } else if (msg instanceof WorkerRunning z) {
            w.workerState[w.worker(z.cpu(), z.ctx())] = WorkqueueState.RUNNING;
        } else {
            throw new IllegalArgumentException("workqueue cannot handle " + msg.name());
        }
    }

    /**
     * __flush_work() -> start_flush_work() (v6.9+): only a work that is pending or running is waited
     * for, and only then does the flusher touch its map (and an ordered workqueue's); an idle work
     * returns at once with no dependency recorded.
     */
    private static void flush(Post post, Program p, WorkqueueState w, int ctx, int cpu, int work, String op) {
        poolLockIrq(post, w, cpu, work);
        int wq = busyOn(w, work, -1, false);
        if (wq >= 0) {
            startFlushWork(post, w, ctx, cpu, work, wq, p.workqueues.get(wq).ordered(), false, op);
        }
    }

    /**
     * cancel_work_sync() and the delayed cancels: grab the pending work, then (sync) __flush_work()
     * with from_cancel: a work still running is waited for, under its map alone. While it waits,
     * mark_work_canceling() has left WORK_STRUCT_PENDING set, so the work cannot be queued again
     * (a work that re-queues itself is cancelled too): see {@link #canceling}.
     */
    private static void cancel(Post post, Program p, WorkqueueState w, int ctx, int cpu, int work, boolean sync, String op) {
        if (w.offQueue[work]) {
            grabForever(post, p, w, ctx, cpu, work);
            return;
        }
        if (grabPending(post, p, w, work)) {
            post.note(Address.WORKQUEUE, "work " + p.works.get(work).name() + " cancelled");
        }
        if (!sync) {
            return;
        }
        poolLockIrq(post, w, cpu, work);
        int wq = busyOn(w, work, -1, false);
        if (wq >= 0) {
            startFlushWork(post, w, ctx, cpu, work, wq, false, true, op);
        }
    }

    /**
     * start_flush_work() of a work that has a pool (get_work_pool()), busy or not:
     * raw_spin_lock_irq(&pool->lock) and, at the barrier's insertion or at already_gone,
     * raw_spin_unlock_irq(), which turns the caller's interrupts on.
     */
    private static void poolLockIrq(Post post, WorkqueueState w, int cpu, int work) {
        if (w.hasPool[work]) {
            post.send(Address.WORKQUEUE, Address.cpu(cpu), new CpuActor.IrqEnable("raw_spin_unlock_irq(&pool->lock) in start_flush_work"));
        }
    }

    /**
     * The flusher's CPU takes the maps start_flush_work() touches (the workqueue's too with
     * {@code wqMap}), and the flusher sleeps until the work is idle; the wait's detail, for the
     * deadlock monitor, is the workqueue the work is busy on. The waiter's last field tells a
     * cancel (1) from a flush (0).
     */
    private static void startFlushWork(Post post, WorkqueueState w, int ctx, int cpu, int work, int wq, boolean wqMap,
                                       boolean cancel, String op) {
        post.send(Address.WORKQUEUE, Address.cpu(cpu), new CpuActor.StartFlushWork(work, wq, wqMap, op));
        sleep(post, w, new long[] {ctx, cpu, work, -1, cancel ? 1 : 0}, Wait.FLUSH_WORK, work, wq);
    }

    /**
     * Is a cancel_work_sync() (or cancel_delayed_work_sync()) of {@code work} waiting for it to
     * return? Then queueing it does nothing (WORK_STRUCT_PENDING is the cancel's), which is noted.
     */
    private static boolean canceling(Post post, Program p, WorkqueueState w, int work) {
        for (long[] f : w.flushWaiters) {
            if (f[3] < 0 && f[2] == work && f[4] == 1) {
                post.note(Address.WORKQUEUE, p.works.get(work).name()
                        + " is being cancelled (WORK_STRUCT_PENDING is the cancel's): not queued");
                return true;
            }
        }
        return false;
    }

    /**
     * try_to_grab_pending(): a delayed work's pending timer is deleted (del_timer(), which takes no
     * lockdep map), else the work is taken off its queue; whether it was pending.
     */
    private static boolean grabPending(Post post, Program p, WorkqueueState w, int work) {
        if (w.dworkWq[work] >= 0) {
            stealTimer(post, p, w, work);
            return true;
        }
        return dequeue(post, p, w, work);
    }

    /**
     * try_to_grab_pending() of a work left PENDING on no list: no timer to delete, and
     * get_work_pwq() finds no pwq, so -EAGAIN every time; the cancel's (or mod_delayed_work()'s)
     * loop around it spins for ever.
     */
    private static void grabForever(Post post, Program p, WorkqueueState w, int ctx, int cpu, int work) {
        post.note(Address.WORKQUEUE, p.works.get(work).name() + " is PENDING on no list: try_to_grab_pending() returns -EAGAIN");
        post.send(Address.WORKQUEUE, Address.cpu(cpu), new CpuActor.Block(ctx, Wait.GRAB_PENDING, work, false));
    }

    /** The delayed work's timer is deleted: the work is no longer pending on it. */
    private static void stealTimer(Post post, Program p, WorkqueueState w, int work) {
        w.dworkWq[work] = -1;
        post.send(Address.WORKQUEUE, Address.TIMERS, new Timers.Del(p.works.get(work).timer()));
    }

    /**
     * queue_delayed_work_on(): unless WORK_STRUCT_PENDING is set (timer pending or work queued),
     * __queue_delayed_work() records the workqueue and add_timer_global()s on this CPU. mod_delayed_work_on()
     * grabs the pending work first, so it always (re)arms.
     */
    private static void queueDelayed(Post post, Program p, WorkqueueState w, QueueDelayedWork q) {
        String work = p.works.get(q.work()).name();
        if (canceling(post, p, w, q.work())) {
            return;
        }
        if (q.mod()) {
            if (w.offQueue[q.work()]) {
                grabForever(post, p, w, q.ctx(), q.cpu(), q.work());
                return;
            }
            grabPending(post, p, w, q.work());
        } else if (w.dworkWq[q.work()] >= 0 || busyPending(w, q.work(), 0)) {
            post.note(Address.WORKQUEUE, work + " already pending");
            return;
        }
        w.dworkWq[q.work()] = q.wq();
        String on = q.wq() == Program.SYSTEM_WQ ? "" : " (" + p.workqueues.get(q.wq()).name() + ")";
        post.note(Address.WORKQUEUE, "delayed work " + work + " armed on CPU" + q.cpu() + on);
        post.send(Address.WORKQUEUE, Address.TIMERS, new Timers.Mod(p.works.get(q.work()).timer(), q.cpu(), true));
    }

    private static void queue(Post post, Program p, WorkqueueState w, QueueWork q) {
        Address self = Address.WORKQUEUE;
        Program.WorkqueueInfo wq = p.workqueues.get(q.wq());
        String work = p.works.get(q.work()).name();
        if (canceling(post, p, w, q.work())) {
            return;
        }
        if (busyPending(w, q.work(), q.arg())) {
            post.note(self, work + " already pending");
            return;
        }
        if (w.lifecycle[q.wq()] != WorkqueueState.ALIVE && !chained(w, q)) {
            // queue_work_on() set WORK_STRUCT_PENDING before __queue_work() refused: it stays set.
            w.offQueue[q.work()] = true;
            post.send(self, Address.cpu(q.cpu()), new CpuActor.Warn("WARNING: queue_work() of " + work + " on " + wq.name()
                    + (w.lifecycle[q.wq()] == WorkqueueState.DRAINING ? " while it is drained" : " after destroy_workqueue()")
                    + " (__queue_work(): WARN_ON_ONCE(!is_chained_work(wq))); not queued, WORK_STRUCT_PENDING left set"));
            return;
        }
        String on = q.wq() == Program.SYSTEM_WQ ? "" : " (" + wq.name() + ")";
        long[] item = {q.work(), q.arg(), q.wq(), 0};
        w.hasPool[q.work()] = true;
        if (wq.ordered() && active(w, q.wq())) {
            w.inactive.set(q.wq(), RcuState.plus(w.inactive.get(q.wq()), item));
            post.note(self, "work " + work + " queued" + on + ", inactive behind the ordered workqueue's active work");
            return;
        }
        int home = wq.unbound() ? w.unboundPool() : q.cpu();
        int pool = runningElsewhere(w, home, item);
        if (pool != home) {
            post.note(self, "work " + work + " runs on " + poolName(w, pool) + ": queued there" + on + " (non-reentrant)");
        } else {
            post.note(self, "work " + work + " queued on " + poolName(w, pool) + on);
        }
        push(post, p, w, pool, item);
    }

    /**
     * __queue_work()'s non-reentrancy: a work that a kworker of another pool is running for this
     * workqueue is queued on that pool (get_work_pool(), find_worker_executing_work()), where
     * assign_work() gives it to that kworker; else on {@code pool}: the calling CPU's, or the
     * unbound pool for an unbound workqueue. (An ordered workqueue never has a second item active,
     * and an unbound one's items all go to the unbound pool, so there the question does not arise.)
     */
    private static int runningElsewhere(WorkqueueState w, int pool, long[] item) {
        for (int c = 0; c < w.pending.size(); c++) {
            int k = c == pool ? -1 : executing(w, c, item);
            if (k >= 0 && w.current[k][2] == item[2]) {
                return c;
            }
        }
        return pool;
    }

    /** "CPU1", or "the unbound pool", for notes. */
    private static String poolName(WorkqueueState w, int pool) {
        return pool == w.unboundPool() ? "the unbound pool" : "CPU" + pool;
    }

    /** insert_work(): puts an item on the pool, and kick_pool(). */
    private static void push(Post post, Program p, WorkqueueState w, int pool, long[] item) {
        w.pending.set(pool, RcuState.plus(w.pending.get(pool), item));
        kick(post, p, w, pool);
    }

    /**
     * kick_pool(): if work is pending and no kworker of the pool runs (need_more_worker(); always
     * so in the unbound pool, see {@link #nrRunning}), wake the first idle one, unless one is woken
     * already and has not run yet (it is still first on the idle list). The idle kworker with the
     * lowest number is taken: idle kworkers differ only in name. An unbound kworker is woken on
     * every CPU, where the scheduler may run it ({@link #takeWakeUp}).
     */
    private static void kick(Post post, Program p, WorkqueueState w, int pool) {
        if (w.pending.get(pool).isEmpty() || nrRunning(w, pool) > 0) {
            return;
        }
        int first = -1;
        for (int k = pool * w.poolSize; k < (pool + 1) * w.poolSize; k++) {
            if (w.workerState[k] == WorkqueueState.WAKING) {
                return;
            }
            if (first < 0 && w.workerState[k] == WorkqueueState.IDLE) {
                first = k;
            }
        }
        if (first < 0 && (betweenItems(w, pool) || w.pending.get(pool).stream().allMatch(item -> executing(w, pool, item) >= 0))) {
            return;     // a kworker will take the work next (keep_working()), or each pending work runs on one: none is missing
        }
        if (first < 0) {
            throw new IllegalStateException(poolName(w, pool) + "'s worker pool has no idle kworker for "
                    + p.works.get((int) w.pending.get(pool).get(0)[0]).name() + " (" + w.poolSize + " per pool)");
        }
        w.workerState[first] = WorkqueueState.WAKING;
        if (pool < w.unboundPool()) {
            post.send(Address.WORKQUEUE, Address.cpu(pool), new CpuActor.Wake(w.workerCtx[first]));
            return;
        }
        for (int c = 0; c < w.unboundPool(); c++) {
            post.send(Address.WORKQUEUE, Address.cpu(c), new CpuActor.Wake(w.ctx(first, c)));
        }
    }

    /**
     * An unbound kworker woken by kick_pool() runs where the scheduler first runs it: its context
     * on CPU {@code cpu} takes the wake-up, and its contexts on the other CPUs sleep again.
     */
    private static void takeWakeUp(Post post, WorkqueueState w, int worker, int cpu) {
        if (w.workerCpu[worker] == cpu) {
            return;
        }
        if (w.workerCpu[worker] >= 0 || w.workerState[worker] != WorkqueueState.WAKING) {
            throw new IllegalStateException(kworkerName(w, worker) + " runs on CPU" + cpu + " but was not woken there");
        }
        w.workerCpu[worker] = cpu;
        for (int c = 0; c < w.unboundPool(); c++) {
            if (c != cpu) {
                post.send(Address.WORKQUEUE, Address.cpu(c), new CpuActor.RunsElsewhere(w.ctx(worker, c), cpu));
            }
        }
    }

    /** worker_enter_idle(): the kworker sleeps until kick_pool() wakes it, then retries its op; an unbound one may then run on any CPU. */
    private static void idle(Post post, WorkqueueState w, int worker) {
        int cpu = w.workerCpu[worker];
        w.workerState[worker] = WorkqueueState.IDLE;
        post.send(Address.WORKQUEUE, Address.cpu(cpu), new CpuActor.Block(w.ctx(worker, cpu), Wait.IDLE, -1, true));
        if (w.pool(worker) == w.unboundPool()) {
            w.workerCpu[worker] = -1;
        }
    }

    /**
     * process_one_work() for kworker {@code worker}: its scheduled item, else the pool's oldest item
     * that no other kworker of the pool runs; an item that one does is moved to it (assign_work()).
     * With nothing left (a cancel took the work after the kworker saw it), back to sleep, retrying
     * process_one_work() when woken, as worker_thread() does when the worklist is empty. Then
     * kick_pool(), which only an unbound pool's pending work gets past (a bound pool has this
     * kworker running).
     */
    private static void run(Post post, Program p, WorkqueueState w, int pool, int worker) {
        long[] item = w.scheduled[worker];
        w.scheduled[worker] = null;
        List<long[]> q = w.pending.get(pool);
        int taken = 0;
        while (item == null && taken < q.size()) {
            long[] next = q.get(taken++);
            int collision = executing(w, pool, next);
            if (collision < 0) {
                item = next;
            } else {
                w.scheduled[collision] = next;
                post.note(Address.WORKQUEUE, p.works.get((int) next[0]).name() + " already runs on "
                        + kworkerName(w, collision) + ": it runs it next");
            }
        }
        w.pending.set(pool, List.copyOf(q.subList(taken, q.size())));
        if (item == null) {
            idle(post, w, worker);
            return;
        }
        w.workerState[worker] = WorkqueueState.RUNNING;
        w.current[worker] = item;
        int cpu = w.workerCpu[worker];
        post.send(Address.WORKQUEUE, Address.cpu(cpu),
                new CpuActor.RunWork(w.ctx(worker, cpu), (int) item[0], (int) item[1], (int) item[2]));
        kick(post, p, w, pool);
    }

    /** Does a kworker of the pool run between items (its item returned, it has not looked for the next)? */
    private static boolean betweenItems(WorkqueueState w, int pool) {
        for (int k = pool * w.poolSize; k < (pool + 1) * w.poolSize; k++) {
            if (w.workerState[k] == WorkqueueState.RUNNING && w.current[k] == null) {
                return true;
            }
        }
        return false;
    }

    /** find_worker_executing_work(): the kworker of the pool running this item's work, or -1. */
    private static int executing(WorkqueueState w, int pool, long[] item) {
        for (int k = pool * w.poolSize; k < (pool + 1) * w.poolSize; k++) {
            if (w.current[k] != null && w.current[k][0] == item[0] && w.current[k][1] == item[1]) {
                return k;
            }
        }
        return -1;
    }

    /**
     * pool->nr_running: the pool's kworkers that are neither idle nor asleep inside an item. None
     * in the unbound pool: its kworkers have WORKER_UNBOUND, one of WORKER_NOT_RUNNING, so they
     * are not concurrency managed (worker_set_flags() never counts them).
     */
    private static int nrRunning(WorkqueueState w, int pool) {
        int n = 0;
        for (int k = pool * w.poolSize; k < (pool + 1) * w.poolSize && pool < w.unboundPool(); k++) {
            n += w.workerState[k] == WorkqueueState.RUNNING ? 1 : 0;
        }
        return n;
    }

    /** keep_working()'s nr_running <= 1: does a kworker of the pool other than {@code worker} run? */
    private static boolean othersRunning(WorkqueueState w, int pool, int worker) {
        return nrRunning(w, pool) - (pool < w.unboundPool() && w.workerState[worker] == WorkqueueState.RUNNING ? 1 : 0) > 0;
    }

    /** How many kworkers each pool (each CPU's, and the unbound one) has: one per work that may be queued (each of zswap's pools has its own release work), at least one. */
    static int poolSize(Program p) {
        int works = p.works.size();
        if (p.zswap != null) {
            // Every zswap_param_set() may create a pool, each with its release_work.
            for (int b = 0; b < p.blocks.size(); b++) {
                for (Insn i : p.block(b).insns()) {
                    works += i.op() == zswapsim.scenario.OpKind.ZSWAP_PARAM_SET ? 1 : 0;
                }
            }
        }
        return Math.max(1, works);
    }

    /** kworker/CPU:N, as create_worker() names a per-CPU pool's N-th kworker. */
    static String kworkerName(int cpu, int n) {
        return "kworker/" + cpu + ":" + n;
    }

    /**
     * kworker/uID:N, as create_worker() names an unbound pool's N-th kworker. The pool's ID is the
     * first after the per-CPU pools, as the first unbound pool gets: workqueue_init_early() numbers
     * four per CPU (BH and normal, each normal and highpri), so with 2 CPUs kworker/u8:N.
     */
    static String unboundKworkerName(int cpus, int n) {
        return "kworker/u" + 4 * cpus + ":" + n;
    }

    private static String kworkerName(WorkqueueState w, int worker) {
        int pool = w.pool(worker);
        int n = worker % w.poolSize + 1;
        return pool < w.unboundPool() ? kworkerName(pool, n) : unboundKworkerName(w.unboundPool(), n);
    }

    /** is_chained_work(): the queuer is a kworker running a work of the same workqueue. */
    private static boolean chained(WorkqueueState w, QueueWork q) {
        int worker = w.worker(q.cpu(), q.ctx());
        return worker >= 0 && w.current[worker] != null && w.current[worker][2] == q.wq();
    }

    private static void flushWorkqueue(Post post, Program p, WorkqueueState w, FlushWorkqueue f) {
        Program.WorkqueueInfo wq = p.workqueues.get(f.wq());
        if (w.lifecycle[f.wq()] == WorkqueueState.DESTROYED) {
            post.send(Address.WORKQUEUE, Address.cpu(f.cpu()), new CpuActor.Warn("BUG: " + wq.name()
                    + " used after destroy_workqueue()"));
            return;
        }
        if (!busy(w, -1, f.wq())) {
            flushed(post, w, wq, f.wq(), f.what());
            return;
        }
        if (f.what() == Flush.FLUSH) {
            markForFlush(w, f.wq());
        } else {
            w.lifecycle[f.wq()] = WorkqueueState.DRAINING;
        }
        sleep(post, w, new long[] {f.ctx(), f.cpu(), -1, f.wq(), f.what().ordinal()}, Wait.FLUSH_WORKQUEUE, f.wq());
    }

    /** The workqueue is empty: a drain lets it take work again, a destroy ends it. */
    private static void flushed(Post post, WorkqueueState w, Program.WorkqueueInfo wq, int index, Flush what) {
        if (what == Flush.DESTROY) {
            w.lifecycle[index] = WorkqueueState.DESTROYED;
            post.note(Address.WORKQUEUE, wq.name() + " destroyed");
        } else if (what == Flush.DRAIN) {
            w.lifecycle[index] = WorkqueueState.ALIVE;
        }
    }

    private static void sleep(Post post, WorkqueueState w, long[] waiter, Wait until, int arg) {
        sleep(post, w, waiter, until, arg, -1);
    }

    private static void sleep(Post post, WorkqueueState w, long[] waiter, Wait until, int arg, int detail) {
        w.flushWaiters = RcuState.plus(w.flushWaiters, waiter);
        post.send(Address.WORKQUEUE, Address.cpu((int) waiter[1]), new CpuActor.Block((int) waiter[0], until, arg, false, detail));
    }

    /** Wakes every flusher whose work or workqueue is idle now. */
    private static void wakeFlushers(Post post, Program p, WorkqueueState w) {
        List<long[]> still = new ArrayList<>();
        for (long[] f : w.flushWaiters) {
            boolean flush = f[3] >= 0 && f[4] == Flush.FLUSH.ordinal();
            if (busyOn(w, (int) f[2], (int) f[3], flush) >= 0) {
                still.add(f);
            } else {
                if (f[3] >= 0) {
                    flushed(post, w, p.workqueues.get((int) f[3]), (int) f[3], Flush.values()[(int) f[4]]);
                }
                post.send(Address.WORKQUEUE, Address.cpu((int) f[1]), new CpuActor.Wake((int) f[0]));
            }
        }
        w.flushWaiters = List.copyOf(still);
    }

    /**
     * An ordered workqueue with nothing active activates its oldest held-back item on the unbound
     * pool (pwq_dec_nr_active()). No kick_pool(): node_activate_pending_pwq() kicks only a pool
     * other than the caller's, and a kworker of this one takes the item: the one whose item just
     * returned (keep_working()), or the one woken for the item a cancel took.
     */
    private static void activate(Post post, Program p, WorkqueueState w, int wq) {
        List<long[]> held = w.inactive.get(wq);
        if (!p.workqueues.get(wq).ordered() || held.isEmpty() || active(w, wq)) {
            return;
        }
        long[] next = held.get(0);
        w.inactive.set(wq, List.copyOf(held.subList(1, held.size())));
        post.note(Address.WORKQUEUE, "work " + p.works.get((int) next[0]).name() + " activated on the unbound pool");
        w.pending.set(w.unboundPool(), RcuState.plus(w.pending.get(w.unboundPool()), next));
    }

    /**
     * try_to_grab_pending(): takes every pending instance of {@code work} off the queues; whether
     * there was one. A flush that waited for it is not left behind: pwq_dec_nr_in_flight()
     * completes a flush_workqueue()/drain_workqueue() colour inside the steal, and a flush_work()'s
     * barrier, inserted behind the stolen item, stays on the worklist and completes it. (The model
     * wakes that flusher at once; the kernel's barrier still waits for a kworker of the pool.)
     */
    private static boolean dequeue(Post post, Program p, WorkqueueState w, int work) {
        boolean found = false;
        for (int c = 0; c < w.pending.size(); c++) {
            List<long[]> kept = without(w.pending.get(c), work);
            found |= kept.size() != w.pending.get(c).size();
            w.pending.set(c, kept);
        }
        for (int k = 0; k < w.scheduled.length; k++) {
            if (w.scheduled[k] != null && w.scheduled[k][0] == work) {
                w.scheduled[k] = null;
                found = true;
            }
        }
        for (int q = 0; q < w.inactive.size(); q++) {
            List<long[]> kept = without(w.inactive.get(q), work);
            found |= kept.size() != w.inactive.get(q).size();
            w.inactive.set(q, kept);
            activate(post, p, w, q);
        }
        if (found) {
            wakeFlushers(post, p, w);
        }
        return found;
    }

    private static List<long[]> without(List<long[]> items, int work) {
        return items.stream().filter(item -> item[0] != work).toList();
    }

    /** Does the ordered workqueue {@code wq} have an item on a pool or running? */
    private static boolean active(WorkqueueState w, int wq) {
        for (int k = 0; k < w.current.length; k++) {
            if (w.current[k] != null && w.current[k][2] == wq || w.scheduled[k] != null && w.scheduled[k][2] == wq) {
                return true;
            }
        }
        for (int c = 0; c < w.pending.size(); c++) {
            for (long[] item : w.pending.get(c)) {
                if (item[2] == wq) {
                    return true;
                }
            }
        }
        return false;
    }

    /** WORK_STRUCT_PENDING: is this (work, arg) queued and not yet started, or left pending on no list? */
    private static boolean busyPending(WorkqueueState w, int work, int arg) {
        if (w.offQueue[work]) {
            return true;
        }
        for (long[] item : w.scheduled) {
            if (item != null && item[0] == work && item[1] == arg) {
                return true;
            }
        }
        for (List<long[]> q : w.pending) {
            for (long[] item : q) {
                if (item[0] == work && item[1] == arg) {
                    return true;
                }
            }
        }
        for (List<long[]> q : w.inactive) {
            for (long[] item : q) {
                if (item[0] == work && item[1] == arg) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * __flush_workqueue()'s flush colour: it waits only for the works queued before it started,
     * not for those queued since (a work that re-queues itself does not hold it up). Marks every
     * item of {@code wq} there is now; items are replaced, never written, as states share them.
     * A later flush marks the items queued since as well, so an earlier one may wait for more than
     * its own colour (the kernel keeps up to 16 colours apart).
     */
    private static void markForFlush(WorkqueueState w, int wq) {
        for (int c = 0; c < w.pending.size(); c++) {
            w.pending.set(c, marked(w.pending.get(c), wq));
        }
        w.inactive.set(wq, marked(w.inactive.get(wq), wq));
        for (int k = 0; k < w.current.length; k++) {
            w.current[k] = marked(w.current[k], wq);
            w.scheduled[k] = marked(w.scheduled[k], wq);
        }
    }

    /** The items, those of {@code wq} marked. */
    private static List<long[]> marked(List<long[]> items, int wq) {
        List<long[]> out = new ArrayList<>(items.size());
        for (long[] item : items) {
            out.add(marked(item, wq));
        }
        return List.copyOf(out);
    }

    private static long[] marked(long[] item, int wq) {
        return item != null && item[2] == wq ? mark(item) : item;
    }

    private static long[] mark(long[] item) {
        long[] m = item.clone();
        m[3] = 1;
        return m;
    }

    /** Is {@code work} (or any work of {@code wq}) pending, held back or running? The other is -1. */
    private static boolean busy(WorkqueueState w, int work, int wq) {
        return busyOn(w, work, wq, false) >= 0;
    }

    /**
     * The workqueue of the first such item: running or scheduled on a kworker, then pending on a pool,
     * then held back; -1 if none. {@code flushed}: only the items a flush marked.
     */
    private static int busyOn(WorkqueueState w, int work, int wq, boolean flushed) {
        for (int k = 0; k < w.current.length; k++) {
            for (long[] item : new long[][] {w.current[k], w.scheduled[k]}) {
                if (item != null && matches(item, item[2], work, wq, flushed)) {
                    return (int) item[2];
                }
            }
        }
        for (int c = 0; c < w.pending.size(); c++) {
            for (long[] item : w.pending.get(c)) {
                if (matches(item, item[2], work, wq, flushed)) {
                    return (int) item[2];
                }
            }
        }
        for (int q = 0; q < w.inactive.size(); q++) {
            for (long[] item : w.inactive.get(q)) {
                if (matches(item, q, work, wq, flushed)) {
                    return q;
                }
            }
        }
        return -1;
    }

    private static boolean matches(long[] item, long itemWq, int work, int wq, boolean flushed) {
        return (work >= 0 ? item[0] == work : itemWq == wq) && (!flushed || item[3] == 1);
    }

    // The CPU's side: when a kworker sleeps inside its item, and the lockdep maps process_one_work() and the flushes annotate.

    /**
     * The CPU's half of wq_worker_sleeping() and wq_worker_running(): {@code ctx} starts ({@code
     * sleeps}) or ends a wait {@code w}; if it is a per-CPU pool's kworker sleeping inside its item
     * (not idle, not spinning), the workqueue actor is told. An unbound kworker has
     * WORKER_NOT_RUNNING set, so both return at once.
     */
    static void workerWait(Machine m, Context ctx, Wait w, boolean sleeps) {
        if (w.sleeps() && w != Wait.IDLE && ctx.kind == Context.Kind.TASK
                && m.state.tasks.get(ctx.id).kind == TaskState.Kind.KWORKER) {
            m.send(Address.WORKQUEUE, sleeps ? new WorkerSleeping(ctx.id, m.cpu) : new WorkerRunning(ctx.id, m.cpu));
        }
    }

    /** lock_map_acquire(map); lock_map_release(map): the wait annotation of every flush. */
    private static void touch(Machine m, String map, String op) {
        LockMaps.acquire(m, map, op);
        LockMaps.release(m, map, op);
    }

    /** start_flush_work(): touch_work_lockdep_map(), then the workqueue's map when it is ordered. */
    static void startFlushWork(Machine m, int work, int wq, boolean wqMap, String op) {
        touch(m, m.program.works.get(work).map(), op);
        if (wqMap) {
            touchWqMap(m, wq, op);
        }
    }

    /** start_flush_work() on an ordered workqueue, and __flush_workqueue(): the workqueue's map. */
    static void touchWqMap(Machine m, int wq, String op) {
        touch(m, m.program.workqueues.get(wq).map(), op);
    }

    /**
     * The lockdep class of every workqueue's {@code wq->mutex} (one mutex_init() site in
     * alloc_workqueue()), which __flush_workqueue() takes and drops before it waits, as do
     * drain_workqueue() and destroy_workqueue() around it.
     */
    static final String WQ_MUTEX = "&wq->mutex";

    /** __flush_workqueue(): the workqueue's map, then mutex_lock(&wq->mutex) to queue the flusher, unlocked before the wait. */
    static void flushWorkqueueAnnotation(Machine m, int wq, String op) {
        touchWqMap(m, wq, op);
        touch(m, WQ_MUTEX, op);
    }

    /** process_one_work() on the kworker's context: take the workqueue's map, then the work's, call the function. */
    static void runWork(Machine m, Context ctx, int work, int arg, int wq) {
        Program.WorkInfo info = m.program.works.get(work);
        LockMaps.acquire(m, m.program.workqueues.get(wq).map(), "process_one_work");
        LockMaps.acquire(m, info.map(), "process_one_work");
        ctx.push(Frame.call(info.block(), arg));
        m.observe(new WaitEvent.WorkRuns(m.cpu, work, wq, ctx.id));
        m.change("run " + m.program.block(info.block()).function());
    }

    static void workDone(Machine m, int ctx, int work, int wq) {
        m.observe(new WaitEvent.WorkReturns(ctx));
        LockMaps.release(m, m.program.works.get(work).map(), "process_one_work");
        LockMaps.release(m, m.program.workqueues.get(wq).map(), "process_one_work");
    }
}
