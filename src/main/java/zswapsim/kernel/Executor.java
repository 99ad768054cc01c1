package zswapsim.kernel;

import zswapsim.lockdep.LockdepEvent;
import zswapsim.scenario.Gfp;
import zswapsim.scenario.OpKind;
import zswapsim.scenario.ScenarioException;

/**
 * Runs the next step of the context on top of a CPU: one instruction, or the end of a wait.
 * The pc advances before the instruction runs, so that calls it makes (a release function, an
 * RCU callback) push on top of the caller, and a wait resumes after the op.
 */
final class Executor {
    private Executor() {
    }

    static void step(Machine m) {
        Context ctx = m.top();
        if (ctx.wait != Wait.NONE) {
            resume(m, ctx);
            return;
        }
        Frame f = ctx.top();
        if (f == null) {
            CpuActor.exit(m, ctx);
            return;
        }
        Insn insn = m.program.block(f.block()).insns().get(f.pc());
        String text = m.program.opText(f.block(), f.pc());
        Frame next = f.next();
        ctx.setTop(next);
        if (ctx.skipUntilUnlock >= 0 && (insn.op() != null || insn.pos() != null)) {
            if (isUnlockOf(insn, ctx.skipUntilUnlock)) {
                ctx.skipUntilUnlock = -1;
            }
            m.emitStep("op", text + " (skipped: the trylock failed)");
            return;
        }
        if (insn.nat() != null) {
            execNative(m, ctx, insn, next);
        } else {
            execOp(m, ctx, insn, text);
        }
        m.emitStep(ctx.wait == Wait.SPIN ? "spin" : "op", text);
    }

    /** The end of a wait: the lock was handed over, or what it slept on happened. */
    private static void resume(Machine m, Context ctx) {
        Wait w = ctx.wait;
        int arg = ctx.waitArg;
        boolean read = ctx.waitRead;
        boolean retry = ctx.retryLock;
        ctx.clearWait();
        m.finishTaskSwitch(ctx);
        m.observe(new WaitEvent.Resumes(ctx.id));
        Workqueues.workerWait(m, ctx, w, false);
        switch (w) {
            case SPIN, LOCK -> {
                if (retry) {
                    m.emitStep("op", "tries " + m.lockName(arg) + " again after its wake-up");
                    Locking.retry(m, ctx, arg);
                } else {
                    m.change(m.lockName(arg) + (read ? " read-taken" : " taken"));
                    m.emitStep("op", "got " + m.lockName(arg) + (w == Wait.SPIN ? " after spinning" : " after sleeping"));
                    if (arg == m.program.switchLock) {
                        SwitchLock.granted(m, ctx);
                    }
                }
            }
            // These re-run the op that waited (the pc did not advance).
            case PERCPU_REF_SWITCH, IDLE, HRTIMER_CANCEL -> step(m);
            // __timer_delete_sync()'s loop: try again (the function may have re-armed the timer),
            // without the lockdep annotation, which comes once before the loop.
            case TIMER_SYNC -> {
                m.emitStep("op", "del_timer_sync(" + m.program.timers.get(arg).name() + ") tries again");
                m.send(Address.TIMERS, new Timers.DelSync(arg, ctx.id, m.cpu));
            }
            default -> m.emitStep("op", "wakes up (" + w.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " done)");
        }
    }

    private static boolean isUnlockOf(Insn insn, int lock) {
        return insn.target() == lock && insn.op().kernelName().contains("unlock");
    }

    private static void execNative(Machine m, Context ctx, Insn insn, Frame next) {
        switch (insn.nat()) {
            case RCU_DO_BATCH -> {
                Rcu.callbackReturned(m, ctx, next);
                m.send(Address.RCU, new Rcu.RcuDoBatch(ctx.id, m.cpu));
            }
            case RCU_BARRIER_DONE -> LockMaps.release(m, Rcu.BARRIER_MUTEX, "rcu_barrier");
            case PERCPU_REF_SWITCH_UNLOCK -> {
                if (next.arg() == 1) {
                    SwitchLock.release(m, ctx);
                } else {
                    LockMaps.release(m, Refcounts.SWITCH_LOCK, "spin_unlock_irqrestore");
                    IrqControl.irqRestore(m, ctx, "spin_unlock_irqrestore", IrqControl.NO_LOCK);
                }
            }
            case PERCPU_REF_SWITCH_TO_ATOMIC_RCU -> m.send(Refcounts.owner(next.arg()),
                    new Refcounts.PercpuRefSwitchToAtomicRcu(next.arg(), ctx.id, m.cpu));
            case KTHREAD_WAIT -> m.send(m.currentTask().kind == TaskState.Kind.RCUO ? Address.RCU : Address.WORKQUEUE,
                    new Workqueues.KthreadWait(ctx.id, m.cpu));
            case WORKER_RUN -> m.send(Address.WORKQUEUE, new Workqueues.WorkerRun(ctx.id, m.cpu));
            case WORKER_DONE -> m.send(Address.WORKQUEUE, new Workqueues.WorkerDone(ctx.id, m.cpu));
            case KTHREAD_LOOP -> ctx.setTop(next.at(0));
            case RUN_TIMERS, RUN_HRTIMERS -> Timers.runNext(m, ctx, next, Program.TimerMode.values()[insn.target()]);
            case TIMER_FN_DONE, HRTIMER_FN_DONE -> Timers.fnDone(m, ctx, next);
            case TASKLET_DETACH -> Tasklets.detach(m);
            case TASKLET_NEXT -> Tasklets.runNext(m, ctx, next);
            case TASKLET_FN_DONE -> Tasklets.fnDone(m, ctx, next);
            case TASK_WORK_RUN -> TaskWork.runNext(m, ctx, next);
            case IRQ_THREAD_WAIT -> IrqThreads.waitForInterrupt(m, ctx);
            case IRQ_THREAD_FN -> IrqThreads.callThreadFn(m, ctx, insn.target());
            case RUN_KSOFTIRQD -> Softirqs.runKsoftirqd(m, ctx);
            case JUMP -> ctx.setTop(next.at(insn.jump()));
            case IRQS_DISABLED -> Branches.outcome(m, ctx, ctx.frames.size() - 1, m.cpuState().irqsOff);
            // softirq_count(): serving a softirq or BH disabled
            case IN_SOFTIRQ -> Branches.outcome(m, ctx, ctx.frames.size() - 1, m.cpuState().serving > 0 || m.cpuState().bh > 0);
            case IN_INTERRUPT -> Branches.outcome(m, ctx, ctx.frames.size() - 1, m.cpuState().inInterrupt());
            case PERCPU_REF_IS_ZERO -> sendRefOp(m, ctx, insn, false);
            case ZSWAP_ENTRY_ALLOC -> mightSleep(m, "zswap_entry_cache_alloc");
            // No pool (store) or no entry (load): nothing to (de)compress, no mutex.
            case ZSWAP_COMPRESS, ZSWAP_DECOMPRESS -> {
                if (next.r0() >= 0) {
                    mightSleep(m, "mutex_lock");
                    Locking.acquire(m, ctx, m.program.cpuLock[m.cpu], insn.nat().label());
                }
            }
            case ZSWAP_ACOMP_UNLOCK -> {
                if (next.r0() >= 0) {
                    Locking.release(m, ctx, m.program.cpuLock[m.cpu], false, insn.nat().label());
                }
            }
            case ZSWAP_RETURN_IF_UNCHANGED -> {
                if (next.r0() == 0) {
                    if (insn.target() >= 0) {
                        ctx.setTop(next.at(insn.target()));     // to param_lock's unlock
                    } else {
                        ctx.pop();
                    }
                    m.change("compressor unchanged, nothing to do");
                }
            }
            default -> m.send(Address.ZSWAP, new ZswapActor.Call(insn.nat(), ctx.id, m.cpu, next.arg(), next.r0(), next.r1()));
        }
    }

    /**
     * A refcount op, or percpu_ref_is_zero() as a condition, to the ref's actor; {@code switchLocked}:
     * sent again once the context holds percpu_ref_switch_lock ({@link SwitchLock}).
     */
    static void sendRefOp(Machine m, Context ctx, Insn insn, boolean switchLocked) {
        Address ref = Address.ref(insn.target());
        if (insn.nat() == Native.PERCPU_REF_IS_ZERO) {
            m.send(ref, new RefActor.IsZero(ctx.id, m.cpu, ctx.frames.size() - 1, switchLocked));
        } else {
            m.send(ref, new RefActor.Call(insn.op(), ctx.id, m.cpu, Branches.answerFrame(ctx, insn), switchLocked));
        }
    }

    /** Runs a scenario op (the pc has moved past it). */
    private static void execOp(Machine m, Context ctx, Insn insn, String text) {
        int t = insn.target();
        String op = insn.op().kernelName();
        switch (insn.op()) {
            case SPIN_LOCK, WRITE_LOCK, READ_LOCK, RAW_SPIN_LOCK, SPIN_LOCK_NESTED, RAW_SPIN_LOCK_NESTED,
                 SPIN_LOCK_NEST_LOCK, RAW_SPIN_LOCK_NEST_LOCK -> {
                IrqControl.preemptDisable(m);
                Locking.acquire(m, ctx, insn, insn.op() == OpKind.READ_LOCK, text);
            }
            // __local_bh_disable_ip(SOFTIRQ_LOCK_OFFSET): BH off and the spinlock's preempt count at once.
            case SPIN_LOCK_BH, WRITE_LOCK_BH, READ_LOCK_BH, RAW_SPIN_LOCK_BH -> {
                IrqControl.bhDisable(m);
                IrqControl.preemptDisable(m);
                Locking.acquire(m, ctx, insn, insn.op() == OpKind.READ_LOCK_BH, text);
            }
            case SPIN_LOCK_IRQ, WRITE_LOCK_IRQ, READ_LOCK_IRQ, RAW_SPIN_LOCK_IRQ -> {
                IrqControl.irqDisable(m, op);
                IrqControl.preemptDisable(m);
                Locking.acquire(m, ctx, insn, insn.op() == OpKind.READ_LOCK_IRQ, text);
            }
            case SPIN_LOCK_IRQSAVE, WRITE_LOCK_IRQSAVE, READ_LOCK_IRQSAVE, RAW_SPIN_LOCK_IRQSAVE,
                 SPIN_LOCK_IRQSAVE_NESTED, RAW_SPIN_LOCK_IRQSAVE_NESTED -> {
                IrqControl.irqSave(m, ctx, op, t);
                IrqControl.preemptDisable(m);
                Locking.acquire(m, ctx, insn, insn.op() == OpKind.READ_LOCK_IRQSAVE, text);
            }
            case SPIN_TRYLOCK, WRITE_TRYLOCK, READ_TRYLOCK, RAW_SPIN_TRYLOCK -> {
                IrqControl.preemptDisable(m);
                Locking.tryAcquire(m, ctx, t, insn.op() == OpKind.READ_TRYLOCK);
            }
            case SPIN_TRYLOCK_BH -> {
                IrqControl.bhDisable(m);
                IrqControl.preemptDisable(m);
                Locking.tryAcquire(m, ctx, t, false);
            }
            case SPIN_TRYLOCK_IRQSAVE -> {
                IrqControl.irqSave(m, ctx, op, t);
                IrqControl.preemptDisable(m);
                Locking.tryAcquire(m, ctx, t, false);
            }
            case SPIN_UNLOCK, WRITE_UNLOCK, READ_UNLOCK, RAW_SPIN_UNLOCK -> {
                Locking.release(m, ctx, t, insn.op() == OpKind.READ_UNLOCK, text);
                IrqControl.preemptEnable(m);
            }
            // __local_bh_enable_ip(SOFTIRQ_LOCK_OFFSET): the preempt count goes with the BH count.
            case SPIN_UNLOCK_BH, WRITE_UNLOCK_BH, READ_UNLOCK_BH, RAW_SPIN_UNLOCK_BH -> {
                Locking.release(m, ctx, t, insn.op() == OpKind.READ_UNLOCK_BH, text);
                IrqControl.preemptEnable(m);
                IrqControl.bhEnable(m);
            }
            case SPIN_UNLOCK_IRQ, WRITE_UNLOCK_IRQ, READ_UNLOCK_IRQ, RAW_SPIN_UNLOCK_IRQ -> {
                Locking.release(m, ctx, t, insn.op() == OpKind.READ_UNLOCK_IRQ, text);
                IrqControl.irqEnable(m, op);
                IrqControl.preemptEnable(m);
            }
            case SPIN_UNLOCK_IRQRESTORE, WRITE_UNLOCK_IRQRESTORE, READ_UNLOCK_IRQRESTORE, RAW_SPIN_UNLOCK_IRQRESTORE -> {
                Locking.release(m, ctx, t, insn.op() == OpKind.READ_UNLOCK_IRQRESTORE, text);
                IrqControl.irqRestore(m, ctx, op, t);
                IrqControl.preemptEnable(m);
            }
            case MUTEX_LOCK, DOWN_WRITE, DOWN_READ, MUTEX_LOCK_NESTED, MUTEX_LOCK_NEST_LOCK, DOWN_WRITE_NESTED,
                 DOWN_READ_NESTED, DOWN_WRITE_NEST_LOCK -> {
                mightSleep(m, op);
                Locking.acquire(m, ctx, insn, insn.op() == OpKind.DOWN_READ || insn.op() == OpKind.DOWN_READ_NESTED, text);
            }
            case MUTEX_TRYLOCK -> Locking.tryAcquire(m, ctx, t, false);
            case MUTEX_UNLOCK, UP_WRITE, UP_READ -> Locking.release(m, ctx, t, insn.op() == OpKind.UP_READ, text);
            case LOCAL_BH_DISABLE -> IrqControl.bhDisable(m);
            case LOCAL_BH_ENABLE -> IrqControl.bhEnable(m);
            case LOCAL_IRQ_DISABLE -> IrqControl.irqDisable(m, op);
            case LOCAL_IRQ_ENABLE -> IrqControl.irqEnable(m, op);
            case LOCAL_IRQ_SAVE -> IrqControl.irqSave(m, ctx, op, IrqControl.NO_LOCK);
            case LOCAL_IRQ_RESTORE -> IrqControl.irqRestore(m, ctx, op, IrqControl.NO_LOCK);
            case PREEMPT_DISABLE -> IrqControl.preemptDisable(m);
            case PREEMPT_ENABLE -> IrqControl.preemptEnable(m);
            case IN_SOFTIRQ -> {
                CpuState c = m.cpuState();
                if (c.irqsOff || c.inInterrupt()) {
                    throw new ScenarioException(insn.pos(), "in_softirq: a softirq cannot run here: "
                            + (c.irqsOff ? "hardirqs are disabled" : c.hardirq > 0 ? "in a hardirq"
                            : c.serving > 0 ? "already in a softirq" : "BH is disabled"));
                }
                c.deferredInlineSoftirq = insn.body();
            }
            case IN_HARDIRQ -> {
                if (m.cpuState().irqsOff) {
                    throw new ScenarioException(insn.pos(), "in_hardirq: a hardirq cannot arrive here: hardirqs are disabled");
                }
                m.cpuState().deferredInlineHardirq = insn.body();
            }
            // Pending until the next irq exit (the scheduler's softirq move), local_bh_enable() or
            // ksoftirqd, which raise_softirq() wakes when not in_interrupt().
            case RAISE_SOFTIRQ -> Softirqs.raise(m, t);
            case RCU_READ_LOCK -> {
                Rcu.readLock(m, ctx, Rcu.READ_LOCK_MAP, op);
                m.change("rcu_read_lock depth " + ctx.rcuDepth);
            }
            case RCU_READ_UNLOCK -> {
                Rcu.readUnlock(m, ctx, Rcu.READ_LOCK_MAP, op);
                m.change("rcu_read_lock depth " + ctx.rcuDepth);
            }
            // include/linux/rcupdate.h: local_bh_disable() and rcu_bh_lock_map, no __rcu_read_lock():
            // the BH-off region is the read-side section, rcu_preempt_depth() stays as it was.
            case RCU_READ_LOCK_BH -> {
                IrqControl.bhDisable(m);
                LockMaps.acquireUnchecked(m, Rcu.READ_LOCK_BH_MAP, op);
            }
            case RCU_READ_UNLOCK_BH -> {
                LockMaps.release(m, Rcu.READ_LOCK_BH_MAP, op);
                IrqControl.bhEnable(m);
            }
            case SYNCHRONIZE_RCU -> {
                mightSleep(m, op);
                m.send(Address.RCU, new Rcu.SynchronizeRcu(ctx.id, m.cpu));
            }
            case CALL_RCU -> m.send(Address.RCU, new Rcu.CallRcu(m.cpu, t, 0, insn.text()));
            // rcu_barrier() starts with mutex_lock(&rcu_state.barrier_mutex): might_sleep(), then the lock.
            case RCU_BARRIER -> {
                mightSleep(m, op);
                LockMaps.acquire(m, Rcu.BARRIER_MUTEX, op);
                m.send(Address.RCU, new Rcu.RcuBarrier(ctx.id, m.cpu));
            }
            case PERCPU_REF_INIT, PERCPU_REF_GET, KREF_GET, PERCPU_REF_PUT, KREF_PUT, PERCPU_REF_TRYGET,
                 KREF_GET_UNLESS_ZERO, PERCPU_REF_TRYGET_LIVE, PERCPU_REF_KILL, PERCPU_REF_RESURRECT,
                 PERCPU_REF_REINIT, PERCPU_REF_EXIT -> sendRefOp(m, ctx, insn, false);
            case SCHEDULE_WORK -> m.send(Address.WORKQUEUE, new Workqueues.QueueWork(m.cpu, Program.SYSTEM_WQ, t, 0, ctx.id));
            case QUEUE_WORK -> m.send(Address.WORKQUEUE, new Workqueues.QueueWork(m.cpu, insn.count(), t, 0, ctx.id));
            case FLUSH_WORK -> {
                mightSleep(m, op);
                m.send(Address.WORKQUEUE, new Workqueues.FlushWork(ctx.id, m.cpu, t, op));
            }
            case CANCEL_WORK_SYNC -> {
                mightSleep(m, op);
                m.send(Address.WORKQUEUE, new Workqueues.CancelWorkSync(ctx.id, m.cpu, t, op));
            }
            case QUEUE_DELAYED_WORK, MOD_DELAYED_WORK -> m.send(Address.WORKQUEUE,
                    new Workqueues.QueueDelayedWork(m.cpu, insn.count(), t, ctx.id, insn.op() == OpKind.MOD_DELAYED_WORK));
            case SCHEDULE_DELAYED_WORK -> m.send(Address.WORKQUEUE, new Workqueues.QueueDelayedWork(m.cpu, Program.SYSTEM_WQ, t, ctx.id, false));
            case CANCEL_DELAYED_WORK -> m.send(Address.WORKQUEUE, new Workqueues.CancelDelayedWork(ctx.id, m.cpu, t, false, op));
            // __cancel_work_sync(): the timer is stolen with del_timer() (no map), then __flush_work().
            case CANCEL_DELAYED_WORK_SYNC -> {
                mightSleep(m, op);
                m.send(Address.WORKQUEUE, new Workqueues.CancelDelayedWork(ctx.id, m.cpu, t, true, op));
            }
            // local_irq_disable(); del_timer_sync(&dwork->timer) (the timer's map); local_irq_enable(),
            // unconditionally; then flush_work(&dwork->work).
            case FLUSH_DELAYED_WORK -> {
                IrqControl.irqDisable(m, "local_irq_disable in flush_delayed_work");
                Timers.syncAnnotation(m, ctx, m.program.works.get(t).timer(), op);
                IrqControl.irqEnable(m, "local_irq_enable in flush_delayed_work");
                mightSleep(m, op);
                m.send(Address.WORKQUEUE, new Workqueues.FlushDelayedWork(ctx.id, m.cpu, t, op));
            }
            case FLUSH_WORKQUEUE, DRAIN_WORKQUEUE, DESTROY_WORKQUEUE -> {
                mightSleep(m, op);
                Workqueues.flushWorkqueueAnnotation(m, t, op);
                // flush_workqueue_prep_pwqs(): raw_spin_lock_irq(&pool->lock) ... raw_spin_unlock_irq()
                // for each pwq: every one of these returns with interrupts on.
                IrqControl.irqEnable(m, "raw_spin_unlock_irq(&pool->lock) in flush_workqueue_prep_pwqs");
                Workqueues.Flush what = insn.op() == OpKind.FLUSH_WORKQUEUE ? Workqueues.Flush.FLUSH
                        : insn.op() == OpKind.DRAIN_WORKQUEUE ? Workqueues.Flush.DRAIN : Workqueues.Flush.DESTROY;
                m.send(Address.WORKQUEUE, new Workqueues.FlushWorkqueue(ctx.id, m.cpu, t, what));
            }
            case TIMER_SETUP -> m.change("timer_setup(" + insn.text() + ")");
            case MOD_TIMER, ADD_TIMER -> m.send(Address.TIMERS, new Timers.Mod(t, m.cpu, insn.op() == OpKind.ADD_TIMER));
            case DEL_TIMER, TIMER_DELETE -> m.send(Address.TIMERS, new Timers.Del(t));
            case DEL_TIMER_SYNC, TIMER_DELETE_SYNC -> {
                Timers.syncAnnotation(m, ctx, t, op);
                m.send(Address.TIMERS, new Timers.DelSync(t, ctx.id, m.cpu));
            }
            case HRTIMER_START -> m.send(Address.TIMERS, new Timers.Mod(t, m.cpu, false));
            case HRTIMER_CANCEL -> m.send(Address.TIMERS, new Timers.TryToCancel(t, ctx.id, m.cpu, -1, true));
            case HRTIMER_TRY_TO_CANCEL -> m.send(Address.TIMERS,
                    new Timers.TryToCancel(t, ctx.id, m.cpu, Branches.answerFrame(ctx, insn), false));
            case IF -> throw new IllegalStateException("if: is compiled into its condition and jumps");
            case ZSWAP_PARAM_SET -> ctx.push(Frame.call(t, insn.count()));
            case ZSWAP_STORE, ZSWAP_LOAD, ZSWAP_ENTRY_FREE, CALL -> ctx.push(Frame.call(t, 0));
            case MSLEEP -> {
                // msleep() -> schedule_timeout() has no might_sleep(): in atomic context only
                // schedule_debug()'s "scheduling while atomic" (Machine.startWait()), no lockdep report.
                // Its process_timeout() timer is not pinned: this CPU's BASE_GLOBAL. Above the
                // function of a timer of that base, it never expires.
                int busy = Timers.ownGlobalBaseRunning(m);
                if (busy >= 0) {
                    m.startWait(ctx, Wait.TIMER_BASE_BUSY, busy, false, false);
                    m.change("sleeps: msleep; its process_timeout timer is queued on CPU" + m.cpu + "'s BASE_GLOBAL, which runs "
                            + m.program.timers.get(busy).name() + "'s function: __run_timers() returns at once until it returns");
                } else {
                    m.startWait(ctx, Wait.MSLEEP, insn.count(), false, false);
                    m.change("sleeps: msleep");
                }
            }
            case NOTE -> {
                // The note is the event's own text: nothing changes.
            }
            case TASKLET_SCHEDULE -> m.send(Address.TASKLETS, new Tasklets.Schedule(t, m.cpu));
            case TASK_WORK_ADD -> TaskWork.add(m, t);
            case KMALLOC -> Reclaim.mightAlloc(m, Gfp.values()[t], op);
            case FS_RECLAIM_ACQUIRE -> Reclaim.acquire(m, Gfp.values()[t], op);
            case FS_RECLAIM_RELEASE -> Reclaim.release(m, Gfp.values()[t], op);
            case MIGHT_SLEEP -> mightSleep(m, op);
            case LOCKDEP_ASSERT_HELD -> m.observe(new LockdepEvent.AssertHeld(m.lockdepTask(), m.irqState(), m.cpu,
                    m.lockName(t), m.program.locks.get(t).lockClass(), m.site(text)));
        }
    }

    /** might_sleep() in {@code function}: __might_resched()'s check, a monitor event. */
    static void mightSleep(Machine m, String function) {
        m.observe(new LockdepEvent.MightSleep(m.lockdepTask(), m.irqState(), function, m.site(function)));
    }

    /** The op {@code ctx} is executing (its pc has moved past it), as the trace shows it. */
    static String currentOp(Machine m, Context ctx) {
        Frame f = ctx.top();
        return m.program.opText(f.block(), f.pc() - 1);
    }

    /** The instruction as the trace shows it, with names resolved ({@link Program#opText} keeps them). */
    static String describe(Program p, Insn insn) {
        if (insn.isCondition()) {
            return "if (" + (insn.negate() ? "!" : "") + describeTest(p, insn) + ")";
        }
        return describeTest(p, insn);
    }

    private static String describeTest(Program p, Insn insn) {
        if (insn.nat() != null) {
            return insn.text() == null ? insn.nat().label() : insn.nat().label().replace("()", "(" + insn.text() + ")");
        }
        OpKind k = insn.op();
        return switch (k.arg()) {
            case SPINLOCK, RWLOCK, MUTEX, RWSEM, RAW_SPINLOCK -> k.kernelName() + "(" + p.locks.get(insn.target()).name() + ")";
            case SPINLOCK_NESTED, RAW_SPINLOCK_NESTED, MUTEX_NESTED, RWSEM_NESTED ->
                    k.kernelName() + "(" + p.locks.get(insn.target()).name() + ", " + insn.subclass() + ")";
            case MUTEX_NEST_LOCK, SPINLOCK_NEST_LOCK, RAW_SPINLOCK_NEST_LOCK, RWSEM_NEST_LOCK ->
                    k.kernelName() + "(" + p.locks.get(insn.target()).name() + ", " + p.locks.get(insn.nestLock()).name() + ")";
            case NONE, OPS, BRANCH -> k.kernelName();
            case COMPRESSOR -> "zswap_param_set(" + insn.text() + ")";
            case COUNT -> k == OpKind.MSLEEP ? "msleep(" + insn.count() + ")" : k.kernelName() + " " + insn.text();
            case TEXT -> "note: " + insn.text();
            default -> k.kernelName() + "(" + insn.text() + ")";
        };
    }

}
