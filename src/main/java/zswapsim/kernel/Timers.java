package zswapsim.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code timers}: the scenario's timer_lists and hrtimers as an actor (kernel/time/timer.c,
 * kernel/time/hrtimer.c). It knows where each timer is queued and where its function runs; each
 * CPU keeps its own timer base (the timers armed on it, and those its tick found expired) and is
 * told by this actor what to enqueue or dequeue. mod_timer() and hrtimer_start() queue on the
 * calling CPU; the CPU's timer interrupt (the scheduler's {@code t<cpu>.<timer>} or
 * {@code h<cpu>.<hrtimer>} move) expires an armed timer. A timer_list's function then runs in
 * TIMER_SOFTIRQ, under the timer's lockdep map (call_timer_fn()); a hard hrtimer's in the
 * hardirq itself (hrtimer_interrupt()), a soft one's in HRTIMER_SOFTIRQ, with no lockdep map.
 * A timer re-armed while its function runs stays on the CPU that runs it. del_timer_sync() takes
 * the map with irqs off, then spins until a running function has returned and tries again
 * (a function may have re-armed it); hrtimer_cancel() spins and tries again
 * (hrtimer_cancel_wait_running()). A delayed
 * work's timer is one more timer_list here, armed and deleted by the workqueue actor; its function,
 * delayed_work_timer_fn(), runs in one step and asks the workqueue actor to queue the work.
 */
final class Timers {
    private Timers() {
    }

    /** mod_timer() / add_timer() on CPU {@code cpu}: (re)queue the timer there. */
    record Mod(int timer, int cpu, boolean add) implements Message {
    }

    /** del_timer(): dequeue it if pending. */
    record Del(int timer) implements Message {
    }

    /** del_timer_sync() from context {@code ctx}: dequeue it, and wait while its function runs. */
    record DelSync(int timer, int ctx, int cpu) implements Message {
    }

    /**
     * hrtimer_try_to_cancel() from context {@code ctx}: dequeue the timer unless its callback runs.
     * The answer (it runs: -1) goes to frame {@code frame} when that is an if:'s (else -1);
     * hrtimer_cancel() ({@code waitRunning}) spins while it runs and then tries again.
     */
    record TryToCancel(int timer, int ctx, int cpu, int frame, boolean waitRunning) implements Message {
    }

    /** __run_timers() on {@code cpu} detached the expired timer and calls its function. */
    record Run(int timer, int cpu) implements Message {
    }

    /** The timer's function returned. */
    record Done(int timer) implements Message {
    }

    static void receive(Post post, Program p, TimerState t, Message msg) {
        Address self = Address.TIMERS;
        if (msg instanceof Mod mod) {
            if (mod.add() && t.base[mod.timer()] >= 0) {
                post.send(self, Address.cpu(mod.cpu()), new CpuActor.Warn("WARNING: add_timer() of a pending timer "
                        + p.timers.get(mod.timer()).name() + " (BUG_ON(timer_pending(timer)))"));
            }
            dequeue(post, p, t, mod.timer());
            // __mod_timer() / switch_hrtimer_base(): a timer whose function runs keeps its base, so
            // it stays serialized against itself and del_timer_sync() can see it run.
            int cpu = t.running[mod.timer()] >= 0 ? t.running[mod.timer()] : mod.cpu();
            t.base[mod.timer()] = cpu;
            post.note(self, p.timers.get(mod.timer()).name() + " queued on CPU" + cpu
                    + (cpu != mod.cpu() ? ", where its function runs" : ""));
            post.send(self, Address.cpu(cpu), new CpuActor.TimerEnqueue(mod.timer()));
        } else if (msg instanceof Del d) {
            dequeue(post, p, t, d.timer());
        } else if (msg instanceof DelSync d) {
            dequeue(post, p, t, d.timer());
            if (t.running[d.timer()] >= 0) {
                t.syncWaiters = RcuState.plus(t.syncWaiters, new long[] {d.ctx(), d.cpu(), d.timer()});
                post.note(self, p.timers.get(d.timer()).name() + "'s function runs on CPU" + t.running[d.timer()]);
                post.send(self, Address.cpu(d.cpu()), new CpuActor.Block(d.ctx(), Wait.TIMER_SYNC, d.timer(), false));
            }
        } else if (msg instanceof TryToCancel c) {
            boolean running = t.running[c.timer()] >= 0;
            if (!running) {
                dequeue(post, p, t, c.timer());
            }
            if (c.frame() >= 0) {
                post.send(self, Address.cpu(c.cpu()), new CpuActor.Outcome(c.ctx(), c.frame(), running));
            }
            if (running && c.waitRunning()) {
                t.syncWaiters = RcuState.plus(t.syncWaiters, new long[] {c.ctx(), c.cpu(), c.timer()});
                post.note(self, p.timers.get(c.timer()).name() + "'s callback runs on CPU" + t.running[c.timer()]);
                post.send(self, Address.cpu(c.cpu()), new CpuActor.Block(c.ctx(), Wait.HRTIMER_CANCEL, c.timer(), true));
            }
        } else if (msg instanceof Run r) {
            t.base[r.timer()] = -1;
            t.running[r.timer()] = r.cpu();
        } else if (msg instanceof Done d) {
            t.running[d.timer()] = -1;
            List<long[]> still = new ArrayList<>();
            for (long[] w : t.syncWaiters) {
                if (w[2] == d.timer()) {
                    post.send(self, Address.cpu((int) w[1]), new CpuActor.Wake((int) w[0]));
                } else {
                    still.add(w);
                }
            }
            t.syncWaiters = List.copyOf(still);
        } else {
            throw new IllegalArgumentException("timers cannot handle " + msg.name());
        }
    }

    private static void dequeue(Post post, Program p, TimerState t, int timer) {
        int cpu = t.base[timer];
        if (cpu >= 0) {
            t.base[timer] = -1;
            post.note(Address.TIMERS, p.timers.get(timer).name() + " dequeued from CPU" + cpu);
            post.send(Address.TIMERS, Address.cpu(cpu), new CpuActor.TimerDequeue(timer));
        }
    }

    // The CPU's side: its timer base, the tick, run_timer_softirq() and the lockdep map.

    static void enqueue(Machine m, int timer) {
        m.cpuState().timersArmed |= 1L << timer;
    }

    static void dequeue(Machine m, int timer) {
        CpuState c = m.cpuState();
        c.timersArmed &= ~(1L << timer);
        c.timersExpired &= ~(1L << timer);
    }

    /**
     * The timer interrupt finds the timer expired. A timer_list's raises TIMER_SOFTIRQ and a soft
     * hrtimer's HRTIMER_SOFTIRQ, run at the irq exit if they can; a hard hrtimer's function runs in
     * the interrupt, hrtimer_interrupt(), with irqs off.
     */
    static void tick(Machine m, int timer) {
        CpuState c = m.cpuState();
        Program.TimerInfo info = m.program.timers.get(timer);
        c.timersArmed &= ~(1L << timer);
        c.timersExpired |= 1L << timer;
        if (info.mode() == Program.TimerMode.HRTIMER_HARD) {
            m.emit("op", "hrtimer_interrupt(): " + info.name() + " expired");
            Hardirqs.enter(m, m.program.hrtimerInterruptBlock, "hrtimer_interrupt");
            return;
        }
        boolean hrtimer = info.hrtimer();
        Softirqs.raiseInIrq(m, hrtimer ? Program.HRTIMER_SOFTIRQ : Program.TIMER_SOFTIRQ);
        m.emit("op", (hrtimer ? "hrtimer_interrupt(): " : "local timer interrupt: ") + info.name() + " expired");
        if (Softirqs.canRun(c)) {
            Softirqs.enter(m, -1);
        }
    }

    /**
     * __run_timers() / __hrtimer_run_queues(): the next expired timer of {@code mode} calls its
     * function (a timer_list's under its map); none left: return.
     */
    static void runNext(Machine m, Context ctx, Frame next, Program.TimerMode mode) {
        CpuState c = m.cpuState();
        long expired = c.timersExpired & m.program.timerMask(mode);
        if (expired == 0) {
            ctx.pop();
            return;
        }
        int timer = Long.numberOfTrailingZeros(expired);
        c.timersExpired &= ~(1L << timer);
        Program.TimerInfo info = m.program.timers.get(timer);
        m.send(Address.TIMERS, new Run(timer, m.cpu));
        m.observe(new WaitEvent.TimerFnRuns(timer, ctx.id));
        if (info.irqsafe()) {
            delayedWorkTimerFn(m, ctx, next, timer, info);
            return;
        }
        // call_timer_fn() remembers preempt_count() to check it when the function returns.
        ctx.setTop(next.withR0(timer).withR1(info.hrtimer() ? -1 : Machine.preemptCount(c)));
        if (info.map() != null) {
            LockMaps.acquire(m, info.map(), "call_timer_fn");
        }
        ctx.push(Frame.call(info.block(), 0));
        m.change((info.hrtimer() ? "__run_hrtimer(" : "call_timer_fn(") + info.name() + ")");
    }

    /**
     * A delayed_work's timer: expire_timers() calls a TIMER_IRQSAFE timer's function with irqs still
     * off, under its map, and delayed_work_timer_fn() only asks the workqueue to __queue_work() the
     * work on this CPU (dwork->cpu is WORK_CPU_UNBOUND: the local one) and returns, all in this step.
     */
    private static void delayedWorkTimerFn(Machine m, Context ctx, Frame next, int timer, Program.TimerInfo info) {
        IrqControl.irqDisable(m, "call_timer_fn");
        LockMaps.acquire(m, info.map(), "call_timer_fn");
        m.send(Address.WORKQUEUE, new Workqueues.DelayedWorkTimerFn(m.cpu, info.dwork(), ctx.id));
        LockMaps.release(m, info.map(), "call_timer_fn");
        IrqControl.irqEnable(m, "call_timer_fn");
        m.send(Address.TIMERS, new Done(timer));
        m.observe(new WaitEvent.TimerFnReturns(timer));
        ctx.setTop(next.at(0).withR0(-1));
        m.change("call_timer_fn(" + info.name() + "): delayed_work_timer_fn() queues " + m.program.works.get(info.dwork()).name());
    }

    /** The function returned: release the map, tell the timers actor, and look for the next. */
    static void fnDone(Machine m, Context ctx, Frame next) {
        int timer = next.r0();
        Program.TimerInfo info = m.program.timers.get(timer);
        if (info.map() != null) {
            LockMaps.release(m, info.map(), "call_timer_fn");
        }
        if (!info.hrtimer()) {
            checkPreemptLeak(m, info, next.r1());
        }
        m.send(Address.TIMERS, new Done(timer));
        m.observe(new WaitEvent.TimerFnReturns(timer));
        ctx.setTop(next.at(0).withR0(-1).withR1(-1));
    }

    /**
     * call_timer_fn(): a timer_list function that returns with preempt_count() changed (a lock
     * left held, a BH or preemption disable left on) WARNs "preempt leak", and the count is put
     * back as it was, so the rest of TIMER_SOFTIRQ runs as it would have (the leaked lock stays
     * held). __run_hrtimer() has no such check.
     */
    private static void checkPreemptLeak(Machine m, Program.TimerInfo info, int before) {
        CpuState c = m.cpuState();
        int after = Machine.preemptCount(c);
        if (after == before) {
            return;
        }
        m.emit("warn", String.format("WARNING: timer: %s preempt leak: %08x -> %08x",
                m.program.block(info.block()).function(), before, after));
        c.preempt = before & 0xff;
        c.bh = (before / Machine.SOFTIRQ_DISABLE_OFFSET) & 0x7f;
    }

    /** timer_delete_sync()'s annotation: local_irq_save(); lock_map_acquire(); lock_map_release(); local_irq_restore(). */
    static void syncAnnotation(Machine m, Context ctx, int timer, String op) {
        if (m.cpuState().hardirq > 0 && !m.program.timers.get(timer).irqsafe()) {
            m.emit("warn", "WARNING: " + op + "() in hardirq context (WARN_ON(in_hardirq() && !(timer->flags & TIMER_IRQSAFE)))");
        }
        String map = m.program.timers.get(timer).map();
        IrqControl.irqSave(m, ctx, op, IrqControl.NO_LOCK);
        LockMaps.acquire(m, map, op);
        LockMaps.release(m, map, op);
        IrqControl.irqRestore(m, ctx, op, IrqControl.NO_LOCK);
    }

}
