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
 * A timer re-armed while its function runs stays on the base that runs it. del_timer_sync() takes
 * the map with irqs off, then spins until a running function has returned and tries again
 * (a function may have re-armed it); hrtimer_cancel() spins and tries again
 * (hrtimer_cancel_wait_running()). A delayed
 * work's timer is one more timer_list here, armed and deleted by the workqueue actor; its function,
 * delayed_work_timer_fn(), runs in one step and asks the workqueue actor to queue the work.
 *
 * <p>Timer migration (v6.9, kernel/time/timer.c, kernel/time/timer_migration.c): a timer_list
 * without TIMER_PINNED is queued on its CPU's BASE_GLOBAL ({@link Program.TimerInfo#global}),
 * and which CPUs' ticks may expire it is this actor's to say ({@link #expirers}), from what each
 * CPU tells it at the end of its own steps: that it goes idle (tmigr_cpu_deactivate(), on the
 * way to stopping its tick) or runs again (tmigr_cpu_activate()). Its own CPU always (see
 * {@link #expirers}); while it idles, also the active CPUs, one of which the hierarchy makes the
 * migrator that expires it from its own TIMER_SOFTIRQ (run_timer_softirq() ->
 * tmigr_handle_remote() -> timer_expire_remote()), under lockdep in its own softirq context: on
 * two CPUs that is exactly the other CPU, and with more any active CPU may be the migrator,
 * depending on the history of the hierarchy, so the model lets each of them do it; with every
 * CPU idle, the last one to go idle, which wakes up for the first global timer of the system. While a function runs from
 * another CPU's base the timer stays on that base (base->running_timer): a re-arm queues it
 * there, del_timer_sync() waits for it wherever it runs, and no other CPU expires a timer of that
 * base meanwhile (__run_timers() returns at once, tmigr_handle_remote_cpu() skips a CPU that
 * another handles). Simplified: there is no clock, so no expiry is ever due or late; an
 * interrupt or softirq on an idle CPU makes it active here (the kernel leaves it inactive in the
 * hierarchy), and a CPU whose user task returned to user space counts as idle, though it may
 * still run user code there and be the migrator. Pinned timers and hrtimers are expired only by
 * their own CPU.
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

    /** tmigr_cpu_deactivate(): CPU {@code cpu} idles; the active CPUs may expire its global timers. */
    record CpuDeactivate(int cpu) implements Message {
    }

    /** tmigr_cpu_activate(): CPU {@code cpu} runs again; only it expires its global timers. */
    record CpuActivate(int cpu) implements Message {
    }

    static void receive(Post post, Program p, TimerState t, Message msg) {
        Address self = Address.TIMERS;
        if (msg instanceof Mod mod) {
            int timer = mod.timer();
            if (mod.add() && t.base[timer] >= 0) {
                // Since v6.2 ("timers: Replace BUG_ON()s") add_timer() of a pending timer warns and
                // returns: the timer stays where it is queued.
                post.send(self, Address.cpu(mod.cpu()), new CpuActor.Warn("WARNING: add_timer() of a pending timer "
                        + p.timers.get(timer).name() + " (WARN_ON_ONCE(timer_pending(timer))); not re-armed"));
                return;
            }
            dequeue(post, p, t, timer);
            // __mod_timer() / switch_hrtimer_base(): a timer whose function runs keeps its base, so
            // it stays serialized against itself and del_timer_sync() can see it run.
            int cpu = t.runningBase[timer] >= 0 ? t.runningBase[timer] : mod.cpu();
            t.base[timer] = cpu;
            post.note(self, p.timers.get(timer).name() + " queued on CPU" + cpu
                    + (cpu == mod.cpu() ? "" : t.running[timer] == cpu ? ", where its function runs"
                            : ", whose timer base runs its function on CPU" + t.running[timer]));
            post.send(self, Address.cpu(cpu), new CpuActor.TimerEnqueue(timer));
            refresh(post, p, t, timer);
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
            int timer = r.timer();
            int from = t.base[timer];
            t.offeredTo[timer] &= ~(1L << r.cpu() | 1L << from);     // its tick took it; the dequeue below clears the base's
            t.base[timer] = -1;
            t.running[timer] = r.cpu();
            t.runningBase[timer] = from;
            if (from != r.cpu()) {
                post.note(self, p.timers.get(timer).name() + " expired from CPU" + from + "'s BASE_GLOBAL on CPU" + r.cpu());
                post.send(self, Address.cpu(from), new CpuActor.TimerDequeue(timer));
            }
            refresh(post, p, t, timer);
            if (from != r.cpu()) {
                // timer_expire_remote(): __run_timers() of the idle CPU's BASE_GLOBAL detached it
                // there and set that base's running_timer, so until the function returns that
                // CPU runs none of the base's timers (__run_timers() returns at once) and only
                // this CPU handles its timers (tmigr_handle_remote_cpu()'s tmc->remote).
                refreshBase(post, p, t, from);
            }
        } else if (msg instanceof Done d) {
            int timer = d.timer();
            int from = t.runningBase[timer];
            boolean remote = from != t.running[timer];
            t.running[timer] = -1;
            t.runningBase[timer] = -1;
            List<long[]> still = new ArrayList<>();
            for (long[] w : t.syncWaiters) {
                if (w[2] == timer) {
                    post.send(self, Address.cpu((int) w[1]), new CpuActor.Wake((int) w[0]));
                } else {
                    still.add(w);
                }
            }
            t.syncWaiters = List.copyOf(still);
            if (remote) {
                refreshBase(post, p, t, from);
            }
        } else if (msg instanceof CpuDeactivate d) {
            t.inactive[d.cpu()] = true;
            boolean allIdle = true;
            for (boolean idle : t.inactive) {
                allIdle &= idle;
            }
            t.lastIdle = allIdle ? d.cpu() : -1;
            refreshAll(post, p, t);
        } else if (msg instanceof CpuActivate a) {
            t.inactive[a.cpu()] = false;
            t.lastIdle = -1;
            refreshAll(post, p, t);
        } else {
            throw new IllegalArgumentException("timers cannot handle " + msg.name());
        }
    }

    private static void dequeue(Post post, Program p, TimerState t, int timer) {
        int cpu = t.base[timer];
        if (cpu >= 0) {
            t.base[timer] = -1;
            t.offeredTo[timer] &= ~(1L << cpu);     // the dequeue clears its offer there
            post.note(Address.TIMERS, p.timers.get(timer).name() + " dequeued from CPU" + cpu);
            post.send(Address.TIMERS, Address.cpu(cpu), new CpuActor.TimerDequeue(timer));
            refresh(post, p, t, timer);
        }
    }

    /**
     * The CPUs whose tick may find this global timer expired (0 for the others: only the CPU they
     * are queued on expires them, when it has them armed). While a function of its base runs on
     * another CPU, only that one (the base's running_timer makes its own __run_timers() return,
     * and tmigr_handle_remote_cpu() skips a CPU whose timers another CPU handles). Else its own
     * CPU, idle or not: a CPU the model sees idle may be running its user task after the system
     * call returned, be the last CPU to go idle, or wake for a pinned timer and run BASE_GLOBAL
     * too. And while its CPU idles, every active CPU, for the migrator; with none active, the last
     * CPU to go idle (tmigr_inactive_up() hands it the first global event).
     */
    private static long expirers(Program p, TimerState t, int timer) {
        int cpu = t.base[timer];
        if (cpu < 0 || !p.tmigr() || !p.timers.get(timer).global()) {
            return 0;
        }
        for (int u = 0; u < t.running.length; u++) {
            if (t.runningBase[u] == cpu && t.running[u] != cpu) {
                return 1L << t.running[u];
            }
        }
        if (!t.inactive[cpu]) {
            return 1L << cpu;
        }
        long active = 0;
        for (int c = 0; c < t.inactive.length; c++) {
            active |= t.inactive[c] ? 0 : 1L << c;
        }
        return 1L << cpu | (active != 0 ? active : t.lastIdle >= 0 ? 1L << t.lastIdle : 0);
    }

    /** Tells each CPU that becomes or stops being one of the timer's {@link #expirers}. */
    private static void refresh(Post post, Program p, TimerState t, int timer) {
        long want = expirers(p, t, timer);
        long had = t.offeredTo[timer];
        if (want == had) {
            return;
        }
        if (want != 0 && want != 1L << t.base[timer]) {
            post.note(Address.TIMERS, p.timers.get(timer).name() + " on idle CPU" + t.base[timer]
                    + "'s BASE_GLOBAL: expired by CPU" + cpuList(want & ~(1L << t.base[timer])));
        }
        for (int cpu = 0; cpu < t.inactive.length; cpu++) {
            long bit = 1L << cpu;
            if ((want & ~had & bit) != 0) {
                post.send(Address.TIMERS, Address.cpu(cpu), new CpuActor.TimerOffered(timer));
            } else if ((had & ~want & bit) != 0) {
                post.send(Address.TIMERS, Address.cpu(cpu), new CpuActor.TimerOfferGone(timer));
            }
        }
        t.offeredTo[timer] = want;
    }

    private static String cpuList(long mask) {
        StringBuilder out = new StringBuilder();
        for (long m = mask; m != 0; m &= m - 1) {
            out.append(out.length() == 0 ? "" : ", ").append(Long.numberOfTrailingZeros(m));
        }
        return out.toString();
    }

    /** {@link #refresh} for every timer queued on CPU {@code cpu}: its base's running timer changed. */
    private static void refreshBase(Post post, Program p, TimerState t, int cpu) {
        for (int timer = 0; timer < t.base.length; timer++) {
            if (t.base[timer] == cpu) {
                refresh(post, p, t, timer);
            }
        }
    }

    /** {@link #refresh} for every timer: which CPUs are active changed. */
    private static void refreshAll(Post post, Program p, TimerState t) {
        for (int timer = 0; timer < t.base.length; timer++) {
            refresh(post, p, t, timer);
        }
    }

    // The CPU's side: its timer base, the tick, run_timer_softirq() and the lockdep map.

    static void enqueue(Machine m, int timer) {
        m.cpuState().timersArmed |= 1L << timer;
    }

    /** Off this CPU's base, or no longer for this CPU to expire: neither armed, offered nor expired here. */
    static void dequeue(Machine m, int timer) {
        CpuState c = m.cpuState();
        c.timersArmed &= ~(1L << timer);
        c.timersExpired &= ~(1L << timer);
        c.timersOffered &= ~(1L << timer);
        c.timersRemote &= ~(1L << timer);
    }

    static void offered(Machine m, int timer) {
        m.cpuState().timersOffered |= 1L << timer;
    }

    /** No longer this CPU's to expire (tmigr): neither offered nor expired here; still queued here if it was. */
    static void offerGone(Machine m, int timer) {
        CpuState c = m.cpuState();
        c.timersOffered &= ~(1L << timer);
        c.timersExpired &= ~(1L << timer);
        c.timersRemote &= ~(1L << timer);
    }

    /** The timers this CPU's tick may find expired: its armed ones, but global ones only when offered (tmigr). */
    static long tickable(Program p, CpuState c) {
        return p.tmigr() ? c.timersArmed & ~p.globalTimers | c.timersOffered : c.timersArmed;
    }

    /**
     * The end of each of the CPU's own steps: going idle, it tells the timers actor
     * (tmigr_cpu_deactivate(), on the way to stopping its tick); running again, too
     * (tmigr_cpu_activate(), from timer_clear_idle()). Checked only at its own steps: a task woken
     * from another CPU leaves it idle until it runs that task, as the idle loop does until it sees
     * need_resched.
     */
    static void tmigrUpdate(Machine m) {
        if (!m.program.tmigr()) {
            return;
        }
        CpuState c = m.cpuState();
        boolean idle = idle(m.state, m.cpu);
        if (idle != c.tmigrInactive) {
            c.tmigrInactive = idle;
            boolean global = (c.timersArmed & m.program.globalTimers) != 0;
            m.emit("op", idle ? "tmigr_cpu_deactivate(): CPU" + m.cpu + " idles"
                    + (global ? ", another CPU may expire its global timers" : "")
                    : "tmigr_cpu_activate(): CPU" + m.cpu + " runs again");
            m.send(Address.TIMERS, idle ? new CpuDeactivate(m.cpu) : new CpuActivate(m.cpu));
        }
    }

    /**
     * Idle, as far as timer migration goes: no interrupt or softirq runs here or is pending
     * (can_stop_idle_tick() keeps the tick while softirqs are pending), and every task of the CPU
     * is done or asleep, none woken (a task in msleep() counts as asleep: its sleep may last).
     */
    static boolean idle(KernelState s, int cpu) {
        CpuState c = s.cpus[cpu];
        if (!c.irqStack.isEmpty() || c.pending != 0) {
            return false;
        }
        for (int t : s.tasksOnCpu[cpu]) {
            TaskState task = s.tasks.get(t);
            if (!task.done && (!task.ctx.wait.sleeps() || task.ctx.woken)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The timer interrupt finds the timer expired. A timer_list's raises TIMER_SOFTIRQ and a soft
     * hrtimer's HRTIMER_SOFTIRQ, run at the irq exit if they can; a hard hrtimer's function runs in
     * the interrupt, hrtimer_interrupt(), with irqs off. A timer of another CPU's BASE_GLOBAL
     * ({@link CpuState#timersOffered}) is found by tmigr_requires_handle_remote() and raises
     * TIMER_SOFTIRQ here, whose tmigr_handle_remote() runs it.
     */
    static void tick(Machine m, int timer) {
        CpuState c = m.cpuState();
        Program.TimerInfo info = m.program.timers.get(timer);
        boolean remote = (c.timersArmed & 1L << timer) == 0;
        c.timersArmed &= ~(1L << timer);
        c.timersOffered &= ~(1L << timer);
        c.timersExpired |= 1L << timer;
        if (remote) {
            c.timersRemote |= 1L << timer;
        }
        if (info.mode() == Program.TimerMode.HRTIMER_HARD) {
            m.emit("op", "hrtimer_interrupt(): " + info.name() + " expired");
            Hardirqs.enter(m, m.program.hrtimerInterruptBlock, "hrtimer_interrupt");
            return;
        }
        boolean hrtimer = info.hrtimer();
        Softirqs.raiseInIrq(m, hrtimer ? Program.HRTIMER_SOFTIRQ : Program.TIMER_SOFTIRQ);
        m.emit("op", (hrtimer ? "hrtimer_interrupt(): " : remote ? "local timer interrupt: tmigr_requires_handle_remote(): "
                : "local timer interrupt: ") + info.name() + (remote ? ", on an idle CPU's BASE_GLOBAL," : "") + " expired");
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
        m.cpuState().timersRemote &= ~(1L << timer);
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
        m.cpuState().timersRemote &= ~(1L << timer);
        ctx.setTop(next.at(0).withR0(-1).withR1(-1));
    }

    /**
     * The timer_list whose function this CPU runs from its own BASE_GLOBAL, or -1: expire_timers()
     * has set that base's running_timer, and since v6.9 __run_timers() returns at once while it is
     * set, so no other timer of the base expires until the function returns.
     */
    static int ownGlobalBaseRunning(Machine m) {
        CpuState c = m.cpuState();
        Program.SoftirqVector timerSoftirq = m.program.softirqs.get(Program.TIMER_SOFTIRQ);
        if (timerSoftirq == null) {
            return -1;      // no timer_list in the scenario
        }
        int runTimers = timerSoftirq.block();
        for (Context irq : c.irqStack) {
            for (Frame f : irq.frames) {
                if (f.block() == runTimers && f.r0() >= 0 && m.program.timers.get(f.r0()).global()
                        && (c.timersRemote & 1L << f.r0()) == 0) {
                    return f.r0();
                }
            }
        }
        return -1;
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
