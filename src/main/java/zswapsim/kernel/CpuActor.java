package zswapsim.kernel;

import zswapsim.lockdep.LockdepEvent;

import java.util.Locale;

/**
 * {@code cpuN}: one CPU as an actor. It owns its context stack (its tasks' contexts, and the
 * softirq and hardirq contexts on top), preempt/BH/hardirq counts, the irq flag, the pending
 * softirq vectors and where each of its contexts is in its code ({@link CpuState}, and the
 * {@link TaskState}s bound to it). The Conductor tells it to take its own steps (run the next op,
 * switch tasks, take an interrupt, run pending softirqs, report a quiescent state); the other
 * actors answer its requests and tell it what changed for it (a lock granted, a grace period
 * over, a callback to invoke). Softirq entry, including {@code spin_unlock_bh()} running pending
 * softirqs, is the CPU's own rule ({@link Softirqs}).
 */
final class CpuActor {
    private CpuActor() {
    }

    // Own steps: the Conductor's choice of what this CPU does next.

    /** Run the next step of the context on top. */
    enum Step implements Message { INSTANCE }

    /** schedule(): switch to task {@code task}. */
    record SwitchTo(int task) implements Message {
    }

    /** The scenario's interrupt {@code irq} arrives (hardirqs are enabled). */
    record IrqArrive(int irq) implements Message {
    }

    /** An irq exit runs the pending softirqs on top of whatever runs (ksoftirqd is a task: {@link SwitchTo}). */
    enum RunSoftirqs implements Message { INSTANCE }

    /** rcu_note_context_switch() / the tick: this CPU reports its quiescent state to RCU. */
    enum ReportQs implements Message { INSTANCE }

    /** The step's messages are all delivered: enter what the step deferred, return from finished functions. */
    enum FinishStep implements Message { INSTANCE }

    // Answers and news from the other actors, each for one of this CPU's contexts.

    /** The lock is {@code ctx}'s (at once, or handed over by a release). */
    record LockGranted(int ctx, int lock, boolean read, boolean trylock) implements Message {
    }

    /** A mutex or rwsem release woke {@code ctx}, its first waiter, without handing it over: it tries again when it runs. */
    record LockWoken(int ctx, int lock) implements Message {
    }

    /** The lock is held: {@code ctx} waits in the lock's queue; {@code holders} for the trace (null untraced). */
    record LockContended(int ctx, int lock, boolean read, String holders) implements Message {
    }

    record TrylockFailed(int ctx, int lock) implements Message {
    }

    /** {@code ctx} released the lock, which was not locked: the lock debugging's check fires. */
    record NotLocked(int ctx, int lock) implements Message {
    }

    /** The timers actor queued timer {@code timer} on this CPU's timer base. */
    record TimerEnqueue(int timer) implements Message {
    }

    /** ... or took it off (del_timer, mod_timer() moving it to another CPU, or another CPU expiring it). */
    record TimerDequeue(int timer) implements Message {
    }

    /** This CPU's tick may now expire global timer {@code timer}, its own or an idle CPU's (tmigr). */
    record TimerOffered(int timer) implements Message {
    }

    /** ... no longer: it was dequeued or expired, or which CPUs are active changed. */
    record TimerOfferGone(int timer) implements Message {
    }

    /** The local timer interrupt: timer {@code timer}, armed here or {@link TimerOffered}, has expired. */
    record TimerTick(int timer) implements Message {
    }

    /** hrtimer_interrupt(): armed hrtimer {@code hrtimer} (its index among the hrtimers) has expired. */
    record HrtimerInterrupt(int hrtimer) implements Message {
    }

    /** The value of an if:'s condition that frame {@code frame} of {@code ctx} asked another actor for. */
    record Outcome(int ctx, int frame, boolean value) implements Message {
    }

    /**
     * A refcount {@code ctx} dropped hit zero: its release function runs on top of {@code ctx};
     * {@code underSwitchLock}: inside percpu_ref_kill_and_confirm()'s percpu_ref_switch_lock, which
     * the context holds as a lock when {@code held} (else for lockdep only); {@code percpu}: a
     * percpu_ref's, which percpu_ref_put_many() calls inside rcu_read_lock() (a kref's: none).
     */
    record RunRelease(int ctx, int block, int arg, String ref, boolean underSwitchLock, boolean held, boolean percpu)
            implements Message {
    }

    /** The op needs percpu_ref_switch_lock: take it, then send the op again ({@link SwitchLock}). */
    record TakeSwitchLock(int ctx) implements Message {
    }

    /**
     * The end of a percpu_ref op under percpu_ref_switch_lock that ran no release: unlock it, the
     * lock {@code ctx} holds when {@code held}, else the spin_lock_irqsave() ... unlock lockdep sees.
     */
    record PercpuRefSwitchLock(int ctx, boolean held) implements Message {
    }

    /** {@code ctx} must sleep on {@code wait}; with {@code retry} its op runs again when woken. */
    record Block(int ctx, Wait until, int arg, boolean retry, int detail) implements Message {
        Block(int ctx, Wait until, int arg, boolean retry) {
            this(ctx, until, arg, retry, -1);
        }
    }

    /** What {@code ctx} slept on has happened. */
    record Wake(int ctx) implements Message {
    }

    /** The unbound kworker that {@code ctx} is on this CPU took its wake-up on CPU {@code cpu}: not runnable here. */
    record RunsElsewhere(int ctx, int cpu) implements Message {
    }

    /** raise_softirq() from another actor: RCU's invoke_rcu_core(), from this CPU's tick (a hardirq). */
    record RaiseSoftirq(int vector) implements Message {
    }

    /** rcu_do_batch(): invoke this ready callback, then come back for the next. */
    record InvokeCallback(int ctx, int block, int arg, int seq) implements Message {
        @Override
        public int callback() {
            return seq;
        }
    }

    /** A function's locals, as computed by the actor that owns the data ({@code KEEP}: unchanged). */
    record ReturnValue(int ctx, int r0, int r1) implements Message {
        static final int KEEP = Integer.MIN_VALUE;
    }

    /** process_one_work(): the kworker runs this work item of workqueue {@code wq}. */
    record RunWork(int ctx, int work, int arg, int wq) implements Message {
    }

    /** The kworker's work item has returned. */
    record WorkDone(int ctx, int work, int wq) implements Message {
    }

    /**
     * start_flush_work() found the work pending or running on workqueue {@code wq}: the flusher
     * touches the work's map, and the workqueue's when {@code wqMap} (an ordered one, flush_work() only).
     */
    record StartFlushWork(int work, int wq, boolean wqMap, String op) implements Message {
    }

    /** The ref being switched to atomic asks the CPU running the switch to queue its RCU callback. */
    record CallRcuHurry(int block, int arg, String what) implements Message {
    }

    /** local_irq_enable() on behalf of what the running context called (a workqueue's pool lock released with _irq). */
    record IrqEnable(String op) implements Message {
    }

    /** WARN() in code this CPU runs, detected by the actor that owns the data. */
    record Warn(String text) implements Message {
    }

    /** A grace period starts: report a quiescent state for it. */
    record RcuGpStart(long gp) implements Message {
    }

    /** tasklet_schedule() queued the tasklet on this CPU's list. */
    record TaskletQueued(int tasklet) implements Message {
    }

    /** tasklet_trylock() succeeded for {@code ctx}'s tasklet_action(): run the function. */
    record RunTasklet(int ctx, int tasklet) implements Message {
    }

    /** The tasklet runs on another CPU: requeue it. */
    record TaskletBusy(int ctx, int tasklet) implements Message {
    }

    /** A threaded irq's hardirq returned IRQ_WAKE_THREAD: wake irq thread {@code task}, bound to this CPU. */
    record WakeIrqThread(int task) implements Message {
    }

    static void receive(Machine m, Message msg) {
        if (msg == Step.INSTANCE) {
            Executor.step(m);
        } else if (msg instanceof SwitchTo s) {
            switchTo(m, s.task());
        } else if (msg instanceof IrqArrive a) {
            Hardirqs.arrive(m, a.irq());
        } else if (msg == RunSoftirqs.INSTANCE) {
            Softirqs.enter(m, -1);
        } else if (msg == ReportQs.INSTANCE) {
            reportQs(m);
        } else if (msg == FinishStep.INSTANCE) {
            finishStep(m);
        } else if (msg instanceof LockGranted g) {
            Locking.granted(m, m.context(g.ctx()), g);
        } else if (msg instanceof LockWoken w) {
            Locking.woken(m, m.context(w.ctx()), w.lock());
        } else if (msg instanceof LockContended c) {
            Locking.contended(m, m.context(c.ctx()), c);
        } else if (msg instanceof TrylockFailed t) {
            Locking.trylockFailed(m, m.context(t.ctx()), t.lock());
        } else if (msg instanceof NotLocked n) {
            Locking.notLocked(m, m.context(n.ctx()), n.lock());
        } else if (msg instanceof TimerTick t) {
            Timers.tick(m, t.timer());
        } else if (msg instanceof HrtimerInterrupt h) {
            Timers.tick(m, m.program.hrtimerBase + h.hrtimer());
        } else if (msg instanceof TimerEnqueue t) {
            Timers.enqueue(m, t.timer());
        } else if (msg instanceof TimerDequeue t) {
            Timers.dequeue(m, t.timer());
        } else if (msg instanceof TimerOffered t) {
            Timers.offered(m, t.timer());
        } else if (msg instanceof TimerOfferGone t) {
            Timers.offerGone(m, t.timer());
        } else if (msg instanceof Outcome o) {
            Branches.outcome(m, m.context(o.ctx()), o.frame(), o.value());
        } else if (msg instanceof RunRelease r) {
            Context ctx = m.context(r.ctx());
            if (r.underSwitchLock()) {
                // percpu_ref_kill_and_confirm()'s put: the release runs inside its irqsave section.
                if (!r.held()) {
                    IrqControl.irqSave(m, ctx, "percpu_ref_kill", IrqControl.NO_LOCK);
                    LockMaps.acquire(m, Refcounts.SWITCH_LOCK, "percpu_ref_kill");
                }
                ctx.push(Frame.call(m.program.switchUnlockBlock, r.held() ? 1 : 0));
            }
            if (r.percpu()) {
                // include/linux/percpu-refcount.h: rcu_read_lock(); ... release(ref); rcu_read_unlock();
                Rcu.readLock(m, ctx, Rcu.READ_LOCK_MAP, "percpu_ref_put_many");
                ctx.push(Frame.call(m.program.putUnlockBlock, 0));
            }
            ctx.push(Frame.call(r.block(), r.arg()));
            m.change(r.ref() + " hit zero: " + m.program.block(r.block()).function() + "() runs in "
                    + Machine.contextLabel(ctx));
        } else if (msg instanceof TakeSwitchLock t) {
            SwitchLock.take(m, m.context(t.ctx()));
        } else if (msg instanceof PercpuRefSwitchLock l) {
            if (l.held()) {
                SwitchLock.release(m, m.context(l.ctx()));
            } else {
                LockMaps.acquireIrqsaved(m, Refcounts.SWITCH_LOCK, "percpu_ref_switch_lock");
                LockMaps.releaseIrqsaved(m, Refcounts.SWITCH_LOCK, "percpu_ref_switch_lock");
            }
        } else if (msg instanceof Block b) {
            block(m, m.context(b.ctx()), b);
        } else if (msg instanceof Wake w) {
            Context ctx = m.context(w.ctx());
            ctx.woken = true;
            if (ctx.kind == Context.Kind.TASK) {
                m.state.ownTask(ctx.id).started = true;     // a kworker's first wake-up creates it
            }
            m.observe(new WaitEvent.Woken(w.ctx()));
        } else if (msg instanceof RunsElsewhere r) {
            m.context(r.ctx()).woken = false;     // still asleep in worker_thread(), idle as its wait says
            m.change(m.state.tasks.get(r.ctx()).comm + " runs on CPU" + r.cpu());
        } else if (msg instanceof RaiseSoftirq r) {
            Softirqs.raiseInIrq(m, r.vector());
        } else if (msg instanceof InvokeCallback cb) {
            Context ctx = m.context(cb.ctx());
            Frame f = ctx.top();
            Rcu.invokeCallback(m, ctx, f.at(f.pc() - 1), cb.block(), cb.arg());     // stays in rcu_do_batch for the next
            m.observe(new WaitEvent.CallbackRuns(m.cpu, cb.ctx(), cb.seq(), cb.block()));
            m.change("invoke RCU callback #" + cb.seq() + " " + m.program.block(cb.block()).function());
        } else if (msg instanceof ReturnValue r) {
            Context ctx = m.context(r.ctx());
            Frame f = ctx.top();
            ctx.setTop(new Frame(f.block(), f.pc(), f.arg(), r.r0() == ReturnValue.KEEP ? f.r0() : r.r0(),
                    r.r1() == ReturnValue.KEEP ? f.r1() : r.r1()));
        } else if (msg instanceof RunWork w) {
            Workqueues.runWork(m, m.context(w.ctx()), w.work(), w.arg(), w.wq());
        } else if (msg instanceof WorkDone d) {
            Workqueues.workDone(m, d.ctx(), d.work(), d.wq());
        } else if (msg instanceof StartFlushWork s) {
            Workqueues.startFlushWork(m, s.work(), s.wq(), s.wqMap(), s.op());
        } else if (msg instanceof CallRcuHurry c) {
            m.send(Address.RCU, new Rcu.CallRcu(m.cpu, c.block(), c.arg(), c.what()));
        } else if (msg instanceof IrqEnable e) {
            IrqControl.irqEnable(m, e.op());
        } else if (msg instanceof Warn w) {
            m.emit("warn", w.text());
        } else if (msg instanceof RcuGpStart g) {
            Rcu.gpStarted(m, g.gp());
        } else if (msg instanceof TaskletQueued q) {
            Tasklets.queued(m, q.tasklet());
        } else if (msg instanceof RunTasklet r) {
            Tasklets.run(m, m.context(r.ctx()), r.tasklet());
        } else if (msg instanceof TaskletBusy b) {
            Tasklets.busy(m, m.context(b.ctx()), b.tasklet());
        } else if (msg instanceof WakeIrqThread w) {
            IrqThreads.woken(m, w.task());
        } else {
            throw new IllegalArgumentException("CPU" + m.cpu + " cannot handle " + msg.name());
        }
    }

    static void block(Machine m, Context ctx, Block b) {
        if (b.retry()) {
            Frame f = ctx.top();
            ctx.setTop(f.at(f.pc() - 1));
        }
        m.startWait(ctx, b.until(), b.arg(), b.detail());
        m.change((b.until().sleeps() ? "sleeps: " : "spins: ") + b.until().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }

    private static void switchTo(Machine m, int task) {
        CpuState c = m.cpuState();
        String from = c.current < 0 ? "idle" : m.state.tasks.get(c.current).comm;
        if (c.current >= 0) {
            Rcu.noteContextSwitch(m, m.state.ownTask(c.current));     // the task it preempts, or one that slept
        }
        c.current = task;
        m.observe(new WaitEvent.Switched(m.cpu, task));
        m.change("context switch " + from + " -> " + m.state.tasks.get(task).comm);
        m.emit("switch", "schedule(): " + from + " -> " + m.state.tasks.get(task).comm);
    }

    /** A quiescent state: tell RCU, after the task that sleeps inside a reader, if any (rcu_note_context_switch()). */
    private static void reportQs(Machine m) {
        CpuState c = m.cpuState();
        c.qsNeeded = false;
        m.observe(new WaitEvent.QsReported(m.cpu));
        TaskState cur = m.currentTask();
        if (cur != null && !cur.done && cur.ctx.rcuDepth > 0) {
            Rcu.readerBlocked(m, cur);
        }
        if (m.tracing()) {
            m.change("CPU" + m.cpu + " passed a quiescent state");
            m.emit("qs", "rcu: CPU" + m.cpu + " reports a quiescent state for grace period " + c.qsGp, c.qsGp);
        }
        m.send(Address.RCU, new Rcu.QuiescentState(m.cpu));
    }

    /** Interrupts the step asked for, entered after its own event; then finished functions return. */
    private static void finishStep(Machine m) {
        CpuState c = m.cpuState();
        TaskState current = m.currentTask();
        if (c.irqStack.isEmpty() && current != null) {
            Rcu.readerDone(m, current.ctx);     // the reader left, or the section that deferred its report ended
        }
        int hardirq = c.deferredInlineHardirq;
        int softirq = c.deferredInlineSoftirq;
        boolean runSoftirqs = c.runSoftirqsAfterStep;
        boolean fromBhEnable = c.softirqsFromBhEnable;
        c.deferredInlineHardirq = -1;
        c.deferredInlineSoftirq = -1;
        c.runSoftirqsAfterStep = false;
        c.softirqsFromBhEnable = false;
        if (hardirq >= 0) {
            Hardirqs.enter(m, hardirq, "in_hardirq");
        } else if (softirq >= 0) {
            Softirqs.enter(m, softirq);
        } else if (fromBhEnable) {
            Softirqs.enterFromBhEnable(m);
        } else if (runSoftirqs && Softirqs.canRun(c)) {
            Softirqs.enter(m, -1);
        }
        settle(m);
        Timers.tmigrUpdate(m);
    }

    /**
     * The step of a task whose code is over: the return to user space runs its task work
     * (exit_to_user_mode_loop(), which may also schedule() first: the step before this one may
     * be a switch or an interrupt), then lockdep_sys_exit(); a kthread's do_exit() checks that it
     * holds no lock. A step of its own, as in the kernel something else may run in between.
     */
    static void exit(Machine m, Context ctx) {
        TaskState t = m.currentTask();
        if (!t.kthread && m.cpuState().irqsOff) {
            // syscall_exit_to_user_mode_prepare() (CONFIG_PROVE_LOCKING), before the task work:
            // WARN(irqs_disabled(), "syscall %lu left IRQs disabled") and local_irq_enable(), whose
            // lockdep_hardirqs_on() marks the locks still held as taken with hardirqs on.
            m.warning("kernel/entry/common.c syscall_exit_to_user_mode_prepare", "syscall left IRQs disabled");
            IrqControl.irqEnable(m, "syscall_exit_to_user_mode");
        }
        if (t.kthread && !t.exiting) {
            doExitBeforeTaskWork(m, t);
        }
        if (TaskWork.startRun(m, ctx, t)) {
            return;     // task_work_run() first: the end comes when it returns
        }
        t.done = true;
        m.observe(new WaitEvent.Exits(ctx.id));
        if (t.kthread) {
            // do_exit(): debug_check_no_locks_held()
            m.emitStep("op", "task " + t.comm + " exits");
            m.observe(new LockdepEvent.TaskExit(m.lockdepTask(), m.irqState(), m.exitSite("do_exit")));
            Rcu.exitRcu(m, t);
        } else {
            m.emitStep("op", "task " + t.comm + " returns to user space");
            m.observe(new LockdepEvent.SysExit(m.lockdepTask(), m.irqState(), m.exitSite("exit_to_user_mode")));
        }
        m.schedule(ctx);      // do_task_dead()'s __schedule(), or the user task's next one
    }

    /** synchronize_group_exit()'s lock, a spinlock_t taken with spin_lock_irq(). */
    static final String SIGLOCK = "&sighand->siglock";
    /**
     * exit_signals()' cgroup_threadgroup_change_begin(): percpu_down_read() of this
     * percpu_rw_semaphore, whose map percpu_init_rwsem() sets up with lockdep_init_map(): no wait
     * type, so check_wait_context() passes it.
     */
    static final String THREADGROUP_RWSEM = "cgroup_threadgroup_rwsem";
    /** futex_cleanup_begin()'s per-task mutex (futex_init_task(): mutex_init()), taken even by a kthread. */
    static final String FUTEX_EXIT_MUTEX = "&tsk->futex_exit_mutex";
    /** The task's pi_lock, a raw_spinlock_t taken with raw_spin_lock_irq() in futex_cleanup_begin(). */
    static final String PI_LOCK = "&p->pi_lock";

    /**
     * kernel/exit.c do_exit() up to PF_EXITING and exit_mm(), before exit_task_work() and
     * debug_check_no_locks_held(): WARN_ON(irqs_disabled()); synchronize_group_exit() takes the
     * siglock with spin_lock_irq() and spin_unlock_irq() turns irqs on (marking the locks still
     * held); exit_signals() -> percpu_down_read(&cgroup_threadgroup_rwsem), whose might_sleep() is
     * a kthread's first complaint when it exits holding a spinlock or in an RCU reader; exit_mm()
     * -> exit_mm_release() -> futex_exit_release(), mm or not: mutex_lock(&tsk->futex_exit_mutex),
     * the first sleeping lock lockdep checks the wait context of (lockdep may then be off before
     * the held-locks check). That mutex_lock()'s own might_sleep() falls within
     * __might_resched()'s one-second ratelimit of the first, so it prints nothing.
     */
    private static void doExitBeforeTaskWork(Machine m, TaskState t) {
        t.exiting = true;
        if (m.cpuState().irqsOff) {
            m.warning("kernel/exit.c do_exit", "WARN_ON(irqs_disabled())");
        }
        IrqControl.irqDisable(m, "spin_lock_irq(&sighand->siglock) in synchronize_group_exit");
        LockMaps.acquire(m, SIGLOCK, "spin_lock_irq(&sighand->siglock) in synchronize_group_exit");
        LockMaps.release(m, SIGLOCK, "spin_unlock_irq(&sighand->siglock) in synchronize_group_exit");
        IrqControl.irqEnable(m, "spin_unlock_irq(&sighand->siglock) in synchronize_group_exit");
        Executor.mightSleep(m, "percpu_down_read");
        LockMaps.acquireRead(m, THREADGROUP_RWSEM, "percpu_down_read(&cgroup_threadgroup_rwsem) in exit_signals");
        LockMaps.release(m, THREADGROUP_RWSEM, "percpu_up_read(&cgroup_threadgroup_rwsem) in exit_signals");
        LockMaps.acquire(m, FUTEX_EXIT_MUTEX, "mutex_lock(&tsk->futex_exit_mutex) in futex_cleanup_begin");
        IrqControl.irqDisable(m, "raw_spin_lock_irq(&tsk->pi_lock) in futex_cleanup_begin");
        LockMaps.acquire(m, PI_LOCK, "raw_spin_lock_irq(&tsk->pi_lock) in futex_cleanup_begin");
        LockMaps.release(m, PI_LOCK, "raw_spin_unlock_irq(&tsk->pi_lock) in futex_cleanup_begin");
        IrqControl.irqEnable(m, "raw_spin_unlock_irq(&tsk->pi_lock) in futex_cleanup_begin");
        LockMaps.release(m, FUTEX_EXIT_MUTEX, "mutex_unlock(&tsk->futex_exit_mutex) in futex_cleanup_end");
    }

    /** Returns finished functions, finishes contexts that ran out of code, and leaves interrupts. */
    static void settle(Machine m) {
        while (true) {
            Context ctx = m.top();
            if (ctx == null || ctx.wait != Wait.NONE) {
                return;
            }
            Frame f = ctx.top();
            if (f != null && f.pc() < m.program.block(f.block()).insns().size()) {
                return;
            }
            if (f != null) {
                ctx.pop();
                continue;
            }
            switch (ctx.kind) {
                // The task's code is over. exit_to_user_mode_loop() may schedule() (TIF_NEED_RESCHED)
                // before lockdep_sys_exit(), so with preemption on, another task of this CPU
                // runnable and a lock held (which that task may release first) the end is a step
                // of its own; else nothing could tell the orders apart, and it comes at once.
                case TASK -> {
                    if (!m.currentTask().done && !(m.cpuState().preemptionEnabled() && Moves.anotherRunnable(m.state, m.cpu)
                            && m.state.lockdep.heldLocksHash(m.lockdepTask()) != 0)) {
                        exit(m, ctx);
                    }
                    return;
                }
                case SOFTIRQ -> Softirqs.finish(m, ctx);
                case HARDIRQ -> Hardirqs.exit(m, ctx);
            }
        }
    }
}
