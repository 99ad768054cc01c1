package zswapsim.kernel;

import java.util.List;

/**
 * RCU: callbacks queued per CPU, grace periods that end once every CPU that was not idle at
 * their start passed a quiescent state (idle CPUs are in an extended quiescent state), and
 * callback invocation from RCU_SOFTIRQ or, when offloaded, from the CPU's rcuo kthread.
 */
final class Rcu {
    private Rcu() {
    }

    static void callRcu(Machine m, int block, int arg, String what) {
        RcuState r = m.state.rcu;
        Callback cb = new Callback(block, arg, r.nextSeq++, r.nextGp());
        r.enqueue(m.cpu, cb);
        m.change("call_rcu #" + cb.seq() + " " + what + " queued on CPU" + m.cpu + " for grace period " + cb.gp());
    }

    static boolean needGracePeriod(KernelState s) {
        RcuState r = s.rcu;
        if (r.gpInProgress()) {
            return false;
        }
        for (List<Callback> l : r.callbacks) {
            for (Callback cb : l) {
                if (cb.gp() > r.completed) {
                    return true;
                }
            }
        }
        return s.anyContext(c -> c.wait == Wait.GRACE_PERIOD && c.waitArg > r.completed);
    }

    static void gpStart(Machine m) {
        RcuState r = m.state.rcu;
        r.started++;
        r.qsPending.clear();
        r.blockedReaders.clear();
        for (int c = 0; c < m.state.cpus.length; c++) {
            if (!Kernel.idle(m.state, c)) {
                r.qsPending.set(c);
            }
        }
        // Preemptible RCU: tasks asleep inside a reader hold up the grace period (blkd_tasks).
        for (int t = 0; t < m.state.tasks.size(); t++) {
            TaskState task = m.state.tasks.get(t);
            if (!task.done && task.ctx.rcuDepth > 0 && task.ctx.wait.sleeps()) {
                r.blockedReaders.set(t);
            }
        }
        m.change("waiting for CPUs " + r.qsPending + (r.blockedReaders.isEmpty() ? "" : " and blocked readers"));
        m.emitGlobal("gp-start", "RCU grace period " + r.started + " starts");
        maybeEnd(m);
    }

    private static void maybeEnd(Machine m) {
        RcuState r = m.state.rcu;
        if (r.gpInProgress() && r.qsPending.isEmpty() && r.blockedReaders.isEmpty()) {
            gpEnd(m);
        }
    }

    /** rcu_read_unlock() leaving the outermost reader of a task that blocked the grace period. */
    static void readerDone(Machine m, Context ctx) {
        RcuState r = m.state.rcu;
        if (ctx.kind == Context.Kind.TASK && ctx.rcuDepth == 0 && r.blockedReaders.get(ctx.id)) {
            r.blockedReaders.clear(ctx.id);
            maybeEnd(m);
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
        return c.preempt == 0 && c.bh == 0 && !c.irqsOff && ctx.rcuDepth == 0 && ctx.wait == Wait.NONE;
    }

    static void quiescentState(Machine m) {
        RcuState r = m.state.rcu;
        r.qsPending.clear(m.cpu);
        TaskState cur = m.currentTask();
        if (cur != null && !cur.done && cur.ctx.rcuDepth > 0) {
            r.blockedReaders.set(cur.ctx.id);     // rcu_note_context_switch(): it slept inside a reader
        }
        m.change("CPU" + m.cpu + " passed a quiescent state");
        m.emit("qs", "rcu: CPU" + m.cpu + " reports a quiescent state for grace period " + r.started);
        maybeEnd(m);
    }

    private static void gpEnd(Machine m) {
        RcuState r = m.state.rcu;
        r.completed = r.started;
        m.emitGlobal("gp-end", "RCU grace period " + r.completed + " ends");
        if (m.program.offloadedCallbacks()) {
            return;     // the rcuo kthreads see the ready callbacks and wake up
        }
        for (int c = 0; c < m.state.cpus.length; c++) {
            if (r.hasReady(c) && (m.state.cpus[c].pending & (1L << Program.RCU_SOFTIRQ)) == 0) {
                // rcu_core() on that CPU's next tick: invoke_rcu_core() -> raise_softirq(RCU_SOFTIRQ)
                m.state.cpus[c].pending |= 1L << Program.RCU_SOFTIRQ;
            }
        }
    }

    /** rcu_do_batch(): invoke this CPU's next ready callback; advance when none is left. */
    static void doBatch(Machine m, Context ctx, Frame self) {
        RcuState r = m.state.rcu;
        if (!r.hasReady(m.cpu)) {
            return;
        }
        ctx.setTop(self);   // stay in rcu_do_batch for the next callback
        Callback cb = r.dequeue(m.cpu);
        ctx.push(Frame.call(cb.block(), cb.arg()));
        m.change("invoke RCU callback #" + cb.seq() + " " + m.program.block(cb.block()).function());
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

    static boolean barrierDone(KernelState s, int seq) {
        for (List<Callback> l : s.rcu.callbacks) {
            for (Callback cb : l) {
                if (cb.seq() <= seq) {
                    return false;
                }
            }
        }
        return true;
    }
}
