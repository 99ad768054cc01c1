package zswapsim.kernel;



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
        Insn insn = m.program.block(f.block()).insns().get(f.pc());
        String text = describe(m, insn, f);
        Frame next = f.next();
        ctx.setTop(next);
        if (ctx.skipUntilUnlock >= 0 && insn.op() != null) {
            if (isUnlockOf(insn, ctx.skipUntilUnlock)) {
                ctx.skipUntilUnlock = -1;
            }
            m.emitStep("op", text + " (skipped: the trylock failed)");
            return;
        }
        if (insn.nat() != null) {
            execNative(m, ctx, insn, next, f);
        } else {
            execOp(m, ctx, insn, text, f);
        }
        m.emitStep(ctx.wait == Wait.SPIN ? "spin" : "op", text);
    }

    /** The end of a wait: the lock is free, the grace period is over, the work is done. */
    private static void resume(Machine m, Context ctx) {
        Wait w = ctx.wait;
        int arg = ctx.waitArg;
        boolean read = ctx.waitRead;
        ctx.clearWait();
        switch (w) {
            case SPIN, LOCK -> {
                Locking.take(m, ctx, arg, read);
                m.emitStep("op", "got " + m.lockName(arg) + (w == Wait.SPIN ? " after spinning" : " after sleeping"));
            }
            // These re-run the op that waited (the pc did not advance).
            case PERCPU_REF_SWITCH, IDLE -> step(m);
            default -> m.emitStep("op", "wakes up (" + w.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " done)");
        }
    }

    private static boolean isUnlockOf(Insn insn, int lock) {
        return insn.target() == lock && insn.op().kernelName().contains("unlock");
    }

    private static void execNative(Machine m, Context ctx, Insn insn, Frame next, Frame self) {
        switch (insn.nat()) {
            case RCU_DO_BATCH -> Rcu.doBatch(m, ctx, self);
            case PERCPU_REF_SWITCH_TO_ATOMIC_RCU -> Refcounts.switchToAtomicRcu(m, m.state.refs.get(next.arg()));
            case KTHREAD_WAIT -> {
                if (!Kernel.kthreadHasWork(m.state, m.currentTask())) {
                    ctx.setTop(self);
                    ctx.wait = Wait.IDLE;
                }
            }
            case WORKER_RUN -> Workqueues.runNext(m, ctx);
            case WORKER_DONE -> Workqueues.done(m);
            case KTHREAD_LOOP -> ctx.setTop(next.at(0));
            default -> ZswapOps.exec(m, ctx, insn.nat(), next, self);
        }
    }

    /** Runs a scenario op; {@code self} is its frame before the pc moved, for ops that must run again. */
    private static void execOp(Machine m, Context ctx, Insn insn, String text, Frame self) {
        KernelState s = m.state;
        int t = insn.target();
        String op = insn.op().kernelName();
        switch (insn.op()) {
            case SPIN_LOCK, WRITE_LOCK, READ_LOCK -> {
                IrqControl.preemptDisable(m);
                Locking.acquire(m, ctx, t, insn.op() == OpKind.READ_LOCK, text);
            }
            case SPIN_LOCK_BH, WRITE_LOCK_BH, READ_LOCK_BH -> {
                IrqControl.bhDisable(m);
                Locking.acquire(m, ctx, t, insn.op() == OpKind.READ_LOCK_BH, text);
            }
            case SPIN_LOCK_IRQ, WRITE_LOCK_IRQ, READ_LOCK_IRQ -> {
                IrqControl.irqDisable(m, op);
                IrqControl.preemptDisable(m);
                Locking.acquire(m, ctx, t, insn.op() == OpKind.READ_LOCK_IRQ, text);
            }
            case SPIN_LOCK_IRQSAVE, WRITE_LOCK_IRQSAVE, READ_LOCK_IRQSAVE -> {
                IrqControl.irqSave(m, ctx, op);
                IrqControl.preemptDisable(m);
                Locking.acquire(m, ctx, t, insn.op() == OpKind.READ_LOCK_IRQSAVE, text);
            }
            case SPIN_TRYLOCK, WRITE_TRYLOCK, READ_TRYLOCK -> {
                IrqControl.preemptDisable(m);
                if (!Locking.tryAcquire(m, ctx, t, insn.op() == OpKind.READ_TRYLOCK, text)) {
                    IrqControl.preemptEnable(m);
                    ctx.skipUntilUnlock = t;
                }
            }
            case SPIN_UNLOCK, WRITE_UNLOCK, READ_UNLOCK -> {
                Locking.release(m, ctx, t, insn.op() == OpKind.READ_UNLOCK, text);
                IrqControl.preemptEnable(m);
            }
            case SPIN_UNLOCK_BH, WRITE_UNLOCK_BH, READ_UNLOCK_BH -> {
                Locking.release(m, ctx, t, insn.op() == OpKind.READ_UNLOCK_BH, text);
                IrqControl.bhEnable(m);
            }
            case SPIN_UNLOCK_IRQ, WRITE_UNLOCK_IRQ, READ_UNLOCK_IRQ -> {
                Locking.release(m, ctx, t, insn.op() == OpKind.READ_UNLOCK_IRQ, text);
                IrqControl.irqEnable(m, op);
                IrqControl.preemptEnable(m);
            }
            case SPIN_UNLOCK_IRQRESTORE, WRITE_UNLOCK_IRQRESTORE, READ_UNLOCK_IRQRESTORE -> {
                Locking.release(m, ctx, t, insn.op() == OpKind.READ_UNLOCK_IRQRESTORE, text);
                IrqControl.irqRestore(m, ctx, op);
                IrqControl.preemptEnable(m);
            }
            case MUTEX_LOCK, DOWN_WRITE, DOWN_READ -> {
                mightSleep(m, op);
                Locking.acquire(m, ctx, t, insn.op() == OpKind.DOWN_READ, text);
            }
            case MUTEX_TRYLOCK -> {
                if (!Locking.tryAcquire(m, ctx, t, false, text)) {
                    ctx.skipUntilUnlock = t;
                }
            }
            case MUTEX_UNLOCK, UP_WRITE, UP_READ -> Locking.release(m, ctx, t, insn.op() == OpKind.UP_READ, text);
            case LOCAL_BH_DISABLE -> IrqControl.bhDisable(m);
            case LOCAL_BH_ENABLE -> IrqControl.bhEnable(m);
            case LOCAL_IRQ_DISABLE -> IrqControl.irqDisable(m, op);
            case LOCAL_IRQ_ENABLE -> IrqControl.irqEnable(m, op);
            case LOCAL_IRQ_SAVE -> IrqControl.irqSave(m, ctx, op);
            case LOCAL_IRQ_RESTORE -> IrqControl.irqRestore(m, ctx, op);
            case PREEMPT_DISABLE -> IrqControl.preemptDisable(m);
            case PREEMPT_ENABLE -> IrqControl.preemptEnable(m);
            case IN_SOFTIRQ -> {
                CpuState c = m.cpuState();
                if (c.irqsOff || c.inInterrupt()) {
                    throw new ScenarioException(insn.pos(), "in_softirq: a softirq cannot run here: "
                            + (c.irqsOff ? "hardirqs are disabled" : c.hardirq > 0 ? "in a hardirq"
                            : c.serving > 0 ? "already in a softirq" : "BH is disabled"));
                }
                m.deferredInlineSoftirq = insn.body();
            }
            case IN_HARDIRQ -> {
                if (m.cpuState().irqsOff) {
                    throw new ScenarioException(insn.pos(), "in_hardirq: a hardirq cannot arrive here: hardirqs are disabled");
                }
                m.deferredInlineHardirq = insn.body();
            }
            // Pending until the next irq exit, local_bh_enable() or ksoftirqd (from task context,
            // raise_softirq() only wakes ksoftirqd): the scheduler's softirq move.
            case RAISE_SOFTIRQ -> Softirqs.raise(m, t);
            case RCU_READ_LOCK -> {
                ctx.rcuDepth++;
                m.change("rcu_read_lock depth " + ctx.rcuDepth);
            }
            case RCU_READ_UNLOCK -> {
                ctx.rcuDepth = Math.max(0, ctx.rcuDepth - 1);
                m.change("rcu_read_lock depth " + ctx.rcuDepth);
                Rcu.readerDone(m, ctx);
            }
            case RCU_READ_LOCK_BH -> {
                IrqControl.bhDisable(m);
                ctx.rcuDepth++;
            }
            case RCU_READ_UNLOCK_BH -> {
                ctx.rcuDepth = Math.max(0, ctx.rcuDepth - 1);
                Rcu.readerDone(m, ctx);
                IrqControl.bhEnable(m);
            }
            case SYNCHRONIZE_RCU -> {
                mightSleep(m, op);
                sleep(m, ctx, Wait.GRACE_PERIOD, (int) s.rcu.nextGp());
            }
            case CALL_RCU -> Rcu.callRcu(m, t, 0, insn.text());
            case RCU_BARRIER -> {
                mightSleep(m, op);
                if (s.rcu.nextSeq > 0 && !Rcu.barrierDone(s, s.rcu.nextSeq - 1)) {
                    sleep(m, ctx, Wait.RCU_BARRIER, s.rcu.nextSeq - 1);
                }
            }
            case PERCPU_REF_INIT -> {
                s.refs.get(t).init();
                m.change(s.refs.get(t).describe());
            }
            case PERCPU_REF_GET, KREF_GET -> Refcounts.get(m, s.refs.get(t));
            case PERCPU_REF_PUT, KREF_PUT -> Refcounts.put(m, s.refs.get(t));
            case PERCPU_REF_TRYGET, KREF_GET_UNLESS_ZERO -> Refcounts.tryget(m, s.refs.get(t));
            case PERCPU_REF_TRYGET_LIVE -> Refcounts.trygetLive(m, s.refs.get(t));
            case PERCPU_REF_KILL -> Refcounts.kill(m, s.refs.get(t), t);
            case PERCPU_REF_RESURRECT -> Refcounts.resurrectWhenSwitched(m, ctx, self, t);
            case PERCPU_REF_REINIT -> {
                RefState r = s.refs.get(t);
                if (!r.switching && !Refcounts.isZero(r)) {
                    m.emit("warn", "WARNING: percpu_ref_reinit on a non-zero ref " + r.name);
                }
                Refcounts.resurrectWhenSwitched(m, ctx, self, t);
            }
            case PERCPU_REF_EXIT -> Refcounts.exit(m, s.refs.get(t));
            case SCHEDULE_WORK -> Workqueues.schedule(m, t, 0);
            case FLUSH_WORK -> {
                mightSleep(m, op);
                Workqueues.flushAnnotation(m, t);
                if (Workqueues.busy(s, t)) {
                    sleep(m, ctx, Wait.FLUSH_WORK, t);
                }
            }
            case ZSWAP_PARAM_SET -> ctx.push(Frame.call(t, insn.count()));
            case ZSWAP_STORE, ZSWAP_LOAD, ZSWAP_ENTRY_FREE, CALL -> ctx.push(Frame.call(t, 0));
            case MSLEEP -> {
                mightSleep(m, op);
                sleep(m, ctx, Wait.MSLEEP, insn.count());
            }
            case NOTE -> {
                // The note is the event's own text: nothing changes.
            }
        }
    }

    private static void sleep(Machine m, Context ctx, Wait w, int arg) {
        ctx.wait = w;
        ctx.waitArg = arg;
        m.change("sleeps: " + w.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }

    private static void mightSleep(Machine m, String function) {
        m.state.lockdep.mightSleep(m.lockdepTask(), m.irqState(), function, m.site(function));
    }

    /** The instruction as the trace shows it, with names resolved. */
    static String describe(Machine m, Insn insn, Frame f) {
        if (insn.nat() != null) {
            return insn.nat().label();
        }
        OpKind k = insn.op();
        return switch (k.arg()) {
            case SPINLOCK, RWLOCK, MUTEX, RWSEM -> k.kernelName() + "(" + m.lockName(insn.target()) + ")";
            case NONE, OPS -> k.kernelName();
            case COMPRESSOR -> "zswap_param_set(" + insn.text() + ")";
            case COUNT -> k == OpKind.MSLEEP ? "msleep(" + insn.count() + ")" : k.kernelName() + " " + insn.text();
            case TEXT -> "note: " + insn.text();
            default -> k.kernelName() + "(" + insn.text() + ")";
        };
    }

}
