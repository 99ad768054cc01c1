package zswapsim.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code rcu}: Tree RCU as an actor (kernel/rcu/tree.c, reduced to what decides correctness). It
 * owns the grace-period sequence, the CPUs still to report a quiescent state, the tasks that
 * blocked inside a reader, the callbacks per CPU and who sleeps in synchronize_rcu() or
 * rcu_barrier() ({@link RcuState}). synchronize_rcu() is wait_rcu_gp(call_rcu_hurry), as in
 * v6.9-v6.16 (rcu_normal_wake_from_gp=0, the default until v6.17 turned it on for small systems):
 * a wakeme_after_rcu() callback on the caller's CPU, invoked in that CPU's callback order, wakes
 * it. A grace period starts on its own step; it asks every CPU for
 * a quiescent state (an idle CPU answers at once: an extended quiescent state), and ends once
 * every CPU answered and no blocked reader is left. Then it tells each CPU with ready callbacks
 * that RCU_SOFTIRQ has work, or wakes its rcuo kthread when callbacks are offloaded.
 * The CPU-side helpers at the bottom run on a CPU actor.
 */
final class Rcu {
    private Rcu() {
    }

    /** RCU's own step: start a grace period (rcu_gp_init()). */
    enum GpStart implements Message { INSTANCE }

    /** call_rcu() on CPU {@code cpu}: queue the callback there, for the next grace period. */
    record CallRcu(int cpu, int block, int arg, String what) implements Message {
    }

    /** rcu_report_qs_rdp(): CPU {@code cpu} passed a quiescent state. */
    record QuiescentState(int cpu) implements Message {
    }

    /** rcu_note_context_switch(): task {@code task} slept inside a reader (rcu_preempt_ctxt_queue()). */
    record ReaderBlocked(int task) implements Message {
    }

    /** rcu_read_unlock_special(): a task that blocked a grace period left its reader. */
    record ReaderDone(int task) implements Message {
    }

    /** synchronize_rcu() from context {@code ctx} on CPU {@code cpu}: queue wakeme_after_rcu() there and sleep. */
    record SynchronizeRcu(int ctx, int cpu) implements Message {
    }

    /** The block number of wakeme_after_rcu(), the callback of a synchronize_rcu(); its argument is the sleeper's context. */
    static final int WAKEME = -2;

    record RcuBarrier(int ctx, int cpu) implements Message {
    }

    /** rcu_do_batch() on CPU {@code cpu}: give me the next ready callback. */
    record RcuDoBatch(int ctx, int cpu) implements Message {
    }

    static void receive(Post post, Program p, RcuState r, Message msg) {
        if (msg == GpStart.INSTANCE) {
            gpStart(post, p, r);
        } else if (msg instanceof CallRcu c) {
            Callback cb = new Callback(c.block(), c.arg(), r.nextSeq++, r.nextGp());
            r.enqueue(c.cpu(), cb);
            post.observe(new WaitEvent.CallbackQueued(c.cpu(), cb.seq(), cb.gp(), c.block(), c.arg()));
            post.callback(cb.seq());
            post.note(Address.RCU, "call_rcu #" + cb.seq() + " " + c.what() + " queued on CPU" + c.cpu()
                    + " for grace period " + cb.gp());
        } else if (msg instanceof QuiescentState q) {
            r.qsPending.clear(q.cpu());
            maybeEnd(post, p, r);
        } else if (msg instanceof ReaderBlocked b) {
            r.blockedReaders.set(b.task());
        } else if (msg instanceof ReaderDone d) {
            if (r.blockedReaders.get(d.task())) {
                r.blockedReaders.clear(d.task());
                maybeEnd(post, p, r);
            }
        } else if (msg instanceof SynchronizeRcu w) {
            Callback cb = new Callback(WAKEME, w.ctx(), r.nextSeq++, r.nextGp());
            r.enqueue(w.cpu(), cb);
            post.note(Address.RCU, "synchronize_rcu(): wakeme_after_rcu #" + cb.seq() + " queued on CPU" + w.cpu()
                    + " for grace period " + cb.gp());
            // The wait's detail, for the deadlock monitor: the callback whose invocation ends it.
            post.send(Address.RCU, Address.cpu(w.cpu()), new CpuActor.Block(w.ctx(), Wait.GRACE_PERIOD, (int) cb.gp(),
                    false, cb.seq()));
        } else if (msg instanceof RcuBarrier b) {
            if (r.nextSeq > 0 && !barrierDone(r, r.nextSeq - 1)) {
                r.barrierWaiters = RcuState.plus(r.barrierWaiters, new long[] {b.ctx(), b.cpu(), r.nextSeq - 1});
                // The wait's argument, for the deadlock monitor: the grace period the barrier still needs.
                post.send(Address.RCU, Address.cpu(b.cpu()), new CpuActor.Block(b.ctx(), Wait.RCU_BARRIER,
                        (int) gpNeeded(r, r.nextSeq - 1), false, r.nextSeq - 1));
            }
        } else if (msg instanceof RcuDoBatch d) {
            doBatch(post, r, d);
        } else if (msg instanceof Workqueues.KthreadWait k) {
            // nocb_cb_wait(): the rcuo kthread sleeps until its CPU has ready callbacks.
            if (!r.hasReady(k.cpu())) {
                r.rcuoSleeping[k.cpu()] = k.ctx();
                post.send(Address.RCU, Address.cpu(k.cpu()), new CpuActor.Block(k.ctx(), Wait.IDLE, -1, true));
            }
        } else {
            throw new IllegalArgumentException("rcu cannot handle " + msg.name());
        }
    }

    /** Is a grace period needed: none running, and a callback (a synchronize_rcu()'s among them) waits for one? */
    static boolean needGracePeriod(RcuState r) {
        if (r.gpInProgress()) {
            return false;
        }
        // Indexed loops: this runs for every enabled-move query, and list iterators would be garbage.
        for (int c = 0; c < r.callbacks.size(); c++) {
            List<Callback> l = r.callbacks.get(c);
            for (int i = 0; i < l.size(); i++) {
                if (l.get(i).gp() > r.completed) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void gpStart(Post post, Program p, RcuState r) {
        r.started++;
        r.qsPending.clear();
        r.blockedReaders.clear();
        r.qsPending.set(0, p.cpus());
        if (post.tracing()) {
            post.note(Address.RCU, "waiting for CPUs " + r.qsPending);
        }
        post.global("gp-start", "RCU grace period " + r.started + " starts", r.started);
        for (int c = 0; c < p.cpus(); c++) {
            post.send(Address.RCU, Address.cpu(c), new CpuActor.RcuGpStart(r.started));
        }
    }

    private static void maybeEnd(Post post, Program p, RcuState r) {
        if (r.gpInProgress() && r.qsPending.isEmpty() && r.blockedReaders.isEmpty()) {
            gpEnd(post, p, r);
        }
    }

    private static void gpEnd(Post post, Program p, RcuState r) {
        r.completed = r.started;
        post.global("gp-end", "RCU grace period " + r.completed + " ends", r.completed);
        for (int c = 0; c < p.cpus(); c++) {
            if (!r.hasReady(c)) {
                continue;
            }
            if (p.offloadedCallbacks()) {
                if (r.rcuoSleeping[c] >= 0) {
                    post.send(Address.RCU, Address.cpu(c), new CpuActor.Wake(r.rcuoSleeping[c]));
                    r.rcuoSleeping[c] = -1;
                }
            } else {
                // rcu_core() on that CPU's next tick: invoke_rcu_core() -> raise_softirq(RCU_SOFTIRQ)
                post.send(Address.RCU, Address.cpu(c), new CpuActor.RaiseSoftirq(Program.RCU_SOFTIRQ));
            }
        }
    }

    /**
     * rcu_do_batch(): hand the CPU its next ready callback, or nothing when none is left. A
     * wakeme_after_rcu() on the way is invoked here: its complete() wakes the synchronize_rcu() sleeper.
     */
    private static void doBatch(Post post, RcuState r, RcuDoBatch d) {
        r.invoking[d.cpu()] = -1;      // the callback invoked before, if any, has returned
        while (r.hasReady(d.cpu()) && r.peek(d.cpu()).block() == WAKEME) {
            Callback wakeme = r.dequeue(d.cpu());
            post.note(Address.RCU, "wakeme_after_rcu #" + wakeme.seq() + ": synchronize_rcu() returns");
            post.send(Address.RCU, Address.cpu(d.cpu()), new CpuActor.Wake(wakeme.arg()));
        }
        if (r.hasReady(d.cpu())) {
            Callback cb = r.dequeue(d.cpu());
            r.invoking[d.cpu()] = cb.seq();
            post.send(Address.RCU, Address.cpu(d.cpu()), new CpuActor.InvokeCallback(d.ctx(), cb.block(), cb.arg(), cb.seq()));
        }
        // rcu_barrier_callback() is entrained behind each CPU's callbacks: it runs once they have returned.
        List<long[]> still = new ArrayList<>();
        for (long[] w : r.barrierWaiters) {
            if (barrierDone(r, (int) w[2])) {
                post.send(Address.RCU, Address.cpu((int) w[1]), new CpuActor.Wake((int) w[0]));
            } else {
                still.add(w);
            }
        }
        r.barrierWaiters = List.copyOf(still);
    }

    /**
     * The last grace period that a callback numbered up to {@code seq} still waits for, or 0 when
     * each of them is ready (the barrier then waits only for their invocation).
     */
    private static long gpNeeded(RcuState r, int seq) {
        long gp = 0;
        for (List<Callback> l : r.callbacks) {
            for (Callback cb : l) {
                if (cb.seq() <= seq && cb.gp() > r.completed) {
                    gp = Math.max(gp, cb.gp());
                }
            }
        }
        return gp;
    }

    /** Has every callback numbered up to {@code seq} been invoked and returned? */
    private static boolean barrierDone(RcuState r, int seq) {
        for (int running : r.invoking) {
            if (running >= 0 && running <= seq) {
                return false;
            }
        }
        for (List<Callback> l : r.callbacks) {
            for (Callback cb : l) {
                if (cb.seq() <= seq) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One line: grace periods and the callbacks queued on each CPU. */
    static String describe(RcuState r) {
        StringBuilder b = new StringBuilder("grace period ").append(r.completed).append(" done");
        if (r.gpInProgress()) {
            b.append(", ").append(r.started).append(" running, waiting for CPUs ").append(r.qsPending);
        }
        for (int c = 0; c < r.callbacks.size(); c++) {
            if (!r.callbacks.get(c).isEmpty()) {
                b.append("; CPU").append(c).append(" callbacks");
                for (Callback cb : r.callbacks.get(c)) {
                    b.append(" #").append(cb.seq()).append(cb.gp() <= r.completed ? " ready" : " gp" + cb.gp());
                }
            }
        }
        return b.toString();
    }

    // The CPU's side: what a CPU actor does and tells RCU.

    /** rcu_lock_map, rcu_bh_lock_map and rcu_callback_map (kernel/rcu/update.c), by the names lockdep prints. */
    static final String READ_LOCK_MAP = "rcu_read_lock";
    static final String READ_LOCK_BH_MAP = "rcu_read_lock_bh";
    static final String CALLBACK_MAP = "rcu_callback";
    /** rcu_barrier()'s mutex, statically initialised (__MUTEX_INITIALIZER): its class is named after the variable. */
    static final String BARRIER_MUTEX = "rcu_state.barrier_mutex";

    /** rcu_read_lock(): one level deeper, and rcu_lock_acquire() of the reader's map. */
    static void readLock(Machine m, Context ctx, String map, String op) {
        ctx.rcuDepth++;
        LockMaps.acquireUnchecked(m, map, op);
    }

    /**
     * rcu_read_unlock(): rcu_lock_release() of the map even with no reader open, which lockdep
     * reports as a bad unlock balance; the nesting count itself stops at zero.
     */
    static void readUnlock(Machine m, Context ctx, String map, String op) {
        if (ctx.rcuDepth > 0) {
            ctx.rcuDepth--;
        }
        LockMaps.release(m, map, op);
    }

    /** rcu_do_batch() calls a callback under rcu_lock_acquire(&rcu_callback_map); r0 marks it in flight. */
    static void invokeCallback(Machine m, Context ctx, Frame batch, int block, int arg) {
        ctx.setTop(batch.withR0(1));
        LockMaps.acquireUnchecked(m, CALLBACK_MAP, "rcu_lock_acquire(&rcu_callback_map)");
        ctx.push(Frame.call(block, arg));
    }

    /** Back in rcu_do_batch() after a callback: rcu_lock_release(&rcu_callback_map). */
    static void callbackReturned(Machine m, Context ctx, Frame batch) {
        if (batch.r0() == 1) {
            m.observe(new WaitEvent.CallbackReturns(m.cpu));
            ctx.setTop(batch.withR0(-1));
            LockMaps.release(m, CALLBACK_MAP, "rcu_lock_release(&rcu_callback_map)");
        }
    }

    /**
     * A grace period asks for this CPU's quiescent state. Tasks asleep inside a reader are queued
     * as blocking it (preemptible RCU's blkd_tasks); an idle CPU reports at once.
     */
    static void gpStarted(Machine m, long gp) {
        for (int t : m.state.tasksOnCpu[m.cpu]) {
            if (readsOffCpu(m.state, t)) {
                readerBlocked(m, m.state.ownTask(t));
            }
        }
        boolean idle = Kernel.idle(m.state, m.cpu);
        m.observe(new WaitEvent.QsAsked(m.cpu, gp, !idle));
        if (idle) {
            m.send(Address.RCU, new QuiescentState(m.cpu));
            return;
        }
        CpuState c = m.cpuState();
        c.qsNeeded = true;
        c.qsGp = gp;
    }

    /**
     * Is task {@code t} inside a reader while off its CPU: asleep, preempted or gone? A user task
     * that returned to user space inside a reader is still one (preemptible RCU keeps the nesting
     * count with the task): it holds up every grace period from then on. (A kthread's reader
     * ended in {@link #exitRcu}.) rcu_gp_init() makes a new grace period wait for such readers
     * (the leaf's blkd_tasks).
     */
    static boolean readsOffCpu(KernelState s, int t) {
        TaskState task = s.tasks.get(t);
        boolean stillReading = task.done || task.ctx.wait.sleeps() || s.cpus[task.cpu].current != t;
        return task.ctx.rcuDepth > 0 && stillReading;
    }

    /**
     * An interrupt that returns inside rcu_read_lock(): the nesting is current's
     * (rcu_preempt_read_enter(), current->rcu_read_lock_nesting), so the interrupted context, in
     * the end the task, goes on inside the reader; nothing on the irq exit path repairs it. On an
     * idle CPU it stays with the idle task, which the model does not keep.
     */
    static void readerLeftByInterrupt(Machine m, Context irq) {
        if (irq.rcuDepth == 0) {
            return;
        }
        CpuState c = m.cpuState();
        Context below = !c.irqStack.isEmpty() ? c.irqStack.get(c.irqStack.size() - 1)
                : c.current >= 0 ? m.state.ownTask(c.current).ctx : null;
        if (below != null) {
            below.rcuDepth += irq.rcuDepth;
            m.change("rcu_read_lock depth " + below.rcuDepth + " (left by " + irq.label + ")");
        }
    }

    /**
     * rcu_note_context_switch() for {@code task} (owned by the caller) leaving its CPU, asleep or
     * preempted: inside a reader while the CPU owes the running grace period a quiescent state, it
     * is queued as blocking that grace period, whichever task runs next.
     */
    static void noteContextSwitch(Machine m, TaskState task) {
        if (!task.done && task.ctx.rcuDepth > 0 && m.cpuState().qsNeeded && !task.rcuBlocked) {
            readerBlocked(m, task);
        }
    }

    static void readerBlocked(Machine m, TaskState task) {
        task.rcuBlocked = true;
        m.observe(new WaitEvent.ReaderBlocked(task.ctx.id));
        m.send(Address.RCU, new ReaderBlocked(task.ctx.id));
    }

    /**
     * Checked at the end of each of the task's steps: a task that blocked a grace period and has
     * left its outermost reader (rcu_read_unlock(), rcu_read_unlock_bh()) reports it.
     * rcu_read_unlock_special() reports at once only with preemption, BH and irqs enabled; under a
     * spinlock, BH or irqs off it defers the report (rcu_preempt_deferred_qs()) to when they are
     * enabled again, so the grace period cannot end, nor its callbacks run, inside that section.
     */
    static void readerDone(Machine m, Context ctx) {
        if (ctx.kind == Context.Kind.TASK && ctx.rcuDepth == 0 && m.state.tasks.get(ctx.id).rcuBlocked
                && m.cpuState().preemptionEnabled()) {
            unblocked(m, m.state.ownTask(ctx.id));
        }
    }

    /** rcu_read_unlock_special(): the task leaves blkd_tasks and RCU hears its reader is done. */
    private static void unblocked(Machine m, TaskState task) {
        task.rcuBlocked = false;
        m.observe(new WaitEvent.ReaderDone(task.ctx.id));
        m.send(Address.RCU, new ReaderDone(task.ctx.id));
    }

    /**
     * kernel/rcu/tree_plugin.h exit_rcu(), late in a kthread's do_exit() (after
     * debug_check_no_locks_held()): a task still inside a reader, or queued on blkd_tasks as
     * blocking a grace period, gets its nesting set to 1 and __rcu_read_unlock() (no lockdep
     * release), then rcu_preempt_deferred_qs(), which reports at once whatever preempt_count() says.
     */
    static void exitRcu(Machine m, TaskState task) {
        if (task.ctx.rcuDepth == 0 && !task.rcuBlocked) {
            return;
        }
        task.ctx.rcuDepth = 0;
        m.change("rcu_read_lock depth 0 (exit_rcu)");
        if (task.rcuBlocked) {
            unblocked(m, task);
        }
    }

    /**
     * A quiescent state: the CPU is idle, or its task is at an op boundary with preemption, BH and
     * irqs enabled and outside any read-side critical section (including the implicit ones of
     * BH- and irq-disabled regions since v5.0).
     */
    static boolean inQuiescentState(KernelState s, int cpu) {
        CpuState c = s.cpus[cpu];
        if (!c.irqStack.isEmpty()) {
            return false;
        }
        if (Kernel.idle(s, cpu)) {
            return true;
        }
        Context ctx = s.tasks.get(c.current).ctx;
        return c.preemptionEnabled() && ctx.rcuDepth == 0 && ctx.wait == Wait.NONE;
    }
}
