package zswapsim.kernel;

import java.util.ArrayList;
import java.util.List;
import zswapsim.lockdep.IrqState;
import zswapsim.lockdep.LockdepEvent;
import zswapsim.lockdep.LockdepTask;
import zswapsim.lockdep.Site;
import zswapsim.scenario.SourcePos;
import zswapsim.trace.CpuSnapshot;
import zswapsim.trace.EventSink;
import zswapsim.trace.TraceEvent;

/**
 * A CPU actor handling one message: its program, its own state (the CPU's {@link CpuState} and
 * the tasks bound to it, inside the machine state), where its messages go, and the event sink.
 * The CPU-side parts of the model (ops, irq control, softirqs, the CPU's side of locking, RCU,
 * workqueues) work through it, so that "current", lockdep's view and the trace are defined in
 * one place.
 */
final class Machine {
    final Program program;
    final KernelState state;
    private final EventSink sink;
    private final Post post;
    final int cpu;
    private final Address self;
    /** Changes made by the current step, for its trace event (none are kept when untraced). */
    private final List<String> changes;

    Machine(Program program, KernelState state, EventSink sink, int cpu, Post post) {
        this.program = program;
        this.state = state;
        this.sink = sink;
        this.cpu = cpu;
        this.post = post;
        this.self = Address.cpu(cpu);
        this.changes = sink == null ? List.of() : new ArrayList<>();
    }

    /** Sends {@code msg} from this CPU; it is delivered after the current message, in order. */
    void send(Address to, Message msg) {
        post.send(self, to, msg);
    }

    /**
     * The interrupt on top of this CPU's stack returns: off the stack, told to the deadlock
     * monitor, and an RCU nesting it left goes to what it interrupted.
     */
    void leaveInterrupt(Context irq) {
        CpuState c = cpuState();
        c.irqStack.remove(c.irqStack.size() - 1);
        observe(new WaitEvent.IrqExits(cpu));
        Rcu.readerLeftByInterrupt(this, irq);
    }

    /** Emits an event to lockdep; a DEBUG_LOCKS_WARN_ON() of its own that turned it off is a WARNING here. */
    void observe(LockdepEvent e) {
        boolean on = state.lockdep.enabled();
        state.lockdep.observe(e);
        if (on && sink != null && !state.lockdep.enabled() && state.lockdep.offWarning() != null) {
            warning(state.lockdep.offWarning().at(), state.lockdep.offWarning().text() + "; lockdep is off from here on");
        }
    }

    /** Emits an event to the deadlock monitor. */
    void observe(WaitEvent e) {
        state.ownWaits().observe(e);
    }

    /** {@code ctx} starts waiting on {@code w} for {@code arg} now; the deadlock monitor is told. */
    void startWait(Context ctx, Wait w, int arg, boolean read, boolean fair) {
        startWait(ctx, w, arg, read, fair, -1);
    }

    /** A wait that is not on a lock, with what else the deadlock monitor needs to know of it ({@link WaitEvent.Waits#detail}). */
    void startWait(Context ctx, Wait w, int arg, int detail) {
        startWait(ctx, w, arg, false, false, detail);
    }

    private void startWait(Context ctx, Wait w, int arg, boolean read, boolean fair, int detail) {
        if (w.sleeps() && ctx.kind == Context.Kind.TASK) {
            schedule(ctx);
        } else if (w.sleeps()) {
            // An interrupt that sleeps: schedule_debug() prints the same BUG. The model keeps the
            // interrupt on its CPU until its wait ends (the kernel switches the interrupted task
            // out with it), and with it its count: preempt_count_set() is not modelled here.
            schedulingWhileAtomic(preemptCount(cpuState()));
        }
        ctx.startWait(w, arg, state.step);
        ctx.waitRead = read;
        observe(new WaitEvent.Waits(ctx.id, w, arg, read, fair, w == Wait.MSLEEP ? List.of() : chainOf(ctx), detail));
        Workqueues.workerWait(this, ctx, w, true);
    }

    /**
     * __schedule() as the current task {@code prev} leaves the CPU (it sleeps or exits).
     * schedule_debug(): with a preempt count left (a spinlock held, preemption or BH disabled) it
     * prints "scheduling while atomic" (no lockdep report) and resets the count,
     * preempt_count_set(PREEMPT_DISABLED), so the next task on this CPU starts with preemption and
     * BH enabled and the count is lost for good. Then the switch ends in finish_task_switch() ->
     * raw_spin_rq_unlock_irq(): whatever runs next (another task, the idle task) runs with irqs
     * on, and so does {@code prev} when it is switched back in: schedule() always returns with
     * irqs enabled.
     */
    void schedule(Context prev) {
        CpuState c = cpuState();
        int count = preemptCount(c);
        if (count != 0) {
            schedulingWhileAtomic(count);
            change("preempt", c.preempt, 0);
            if (c.bh != 0) {
                change("bh", c.bh, 0);
            }
            c.preempt = 0;
            c.bh = 0;
        }
        Rcu.noteContextSwitch(this, state.ownTask(prev.id));
        if (c.irqsOff) {
            c.irqsOff = false;
            prev.scheduledIrqsOff = true;
            change("irqs off->on (finish_task_switch())");
        }
    }

    /** __schedule_bug(), with the count __schedule()'s own preempt_disable() adds. */
    private void schedulingWhileAtomic(int count) {
        emit("warn", "BUG: scheduling while atomic: " + lockdepTask().comm() + "/" + lockdepTask().pid()
                + String.format("/0x%08x", count + PREEMPT_OFFSET));
    }

    /**
     * {@code ctx} resumes after a schedule() it called with irqs off: lockdep sees their
     * finish_task_switch() enable in this task, lockdep_hardirqs_on(), which marks its held locks
     * HARDIRQ-ON (and SOFTIRQ-ON).
     */
    void finishTaskSwitch(Context ctx) {
        if (ctx.scheduledIrqsOff) {
            ctx.scheduledIrqsOff = false;
            observe(new LockdepEvent.Hardirqs(lockdepTask(), irqState(), true, site("finish_task_switch")));
        }
    }

    /** The context {@code ctxId} of this CPU (a task bound to it, or a level of its interrupt stack). */
    Context context(int ctxId) {
        if (state.cpuOf(ctxId) != cpu) {
            // A CPU actor changes its own contexts alone; copy-on-write states rely on it.
            throw new IllegalStateException("a message about context " + ctxId + " delivered to CPU " + cpu);
        }
        return Context.isIrqId(ctxId) ? state.context(ctxId) : state.ownTask(ctxId).ctx;
    }

    /** "CPU0 task sysfs-writer": how other actors name this context. */
    String describe(Context ctx) {
        return "CPU" + cpu + " " + contextLabel(ctx);
    }

    /** The changes not yet on an event (for the event of a message this CPU received). */
    List<String> takeChanges() {
        if (changes.isEmpty()) {
            return List.of();
        }
        List<String> out = List.copyOf(changes);
        changes.clear();
        return out;
    }

    boolean tracing() {
        return sink != null;
    }

    CpuState cpuState() {
        return state.cpus[cpu];
    }

    /** The context that runs now on this CPU: the innermost interrupt, else the current task's. */
    Context top() {
        CpuState c = cpuState();
        if (!c.irqStack.isEmpty()) {
            return c.irqStack.get(c.irqStack.size() - 1);
        }
        return c.current < 0 ? null : state.ownTask(c.current).ctx;
    }

    int depth() {
        return cpuState().irqStack.size();
    }

    /** The current task, to be changed: this machine's own (see {@link KernelState#ownTask}). */
    TaskState currentTask() {
        int t = cpuState().current;
        return t < 0 ? null : state.ownTask(t);
    }

    /** The current task, only to be read: an interrupt on top of it reads it without copying it. */
    private TaskState currentTaskRead() {
        int t = cpuState().current;
        return t < 0 ? null : state.tasks.get(t);
    }

    /** lockdep's current: interrupts run on the task they interrupted, or on swapper/N when idle. */
    LockdepTask lockdepTask() {
        TaskState t = currentTaskRead();
        if (t == null || !t.onCpu() && depth() > 0) {
            return state.swappers[cpu];
        }
        return t.lockdepTask;
    }

    /** preempt_count() in the kernel's units (include/linux/preempt.h), as __might_resched() prints it in hex. */
    static int preemptCount(CpuState c) {
        return c.preempt * PREEMPT_OFFSET + c.serving * SOFTIRQ_OFFSET + c.bh * SOFTIRQ_DISABLE_OFFSET
                + c.hardirq * HARDIRQ_OFFSET;
    }

    static final int PREEMPT_OFFSET = 1;
    static final int SOFTIRQ_OFFSET = 1 << 8;
    static final int SOFTIRQ_DISABLE_OFFSET = 2 * SOFTIRQ_OFFSET;
    static final int HARDIRQ_OFFSET = 1 << 16;

    IrqState irqState() {
        CpuState c = cpuState();
        Context top = top();
        int rcu = top == null ? 0 : top.rcuDepth;
        return new IrqState(!c.irqsOff, c.bh == 0 && c.serving == 0, c.hardirq, c.serving, c.hardirq,
                c.serving + 2 * c.bh, preemptCount(c), rcu, !inHrtimerInterrupt(c));
    }

    /** What an idle kthread sleeps until: ksoftirqd_should_run(), nocb_cb_wait()'s ready callbacks, else queued work. */
    private String idleFor(Context x) {
        if (x.kind != Context.Kind.TASK) {
            return "work";
        }
        return switch (state.tasks.get(x.id).kind) {
            case KSOFTIRQD -> "pending softirqs";
            case RCUO -> "RCU callbacks";
            default -> "work";
        };
    }

    /** The CPU's hardirq is hrtimer_interrupt() running hard hrtimers (not a threadable device handler). */
    private boolean inHrtimerInterrupt(CpuState c) {
        if (c.hardirq == 0) {
            return false;
        }
        for (int i = c.irqStack.size() - 1; i >= 0; i--) {
            Context irq = c.irqStack.get(i);
            if (irq.kind == Context.Kind.HARDIRQ) {
                return Hardirqs.isHrtimerInterrupt(program, irq);
            }
        }
        return false;
    }

    /**
     * Where the current task leaves the kernel, do_exit() or exit_to_user_mode(): its code has
     * returned, so the stack is the task alone.
     */
    Site exitSite(String function) {
        return new Site(function, List.of(currentTaskRead().comm), null, state.step);
    }

    /** Where the current step happens, for lockdep's "state was registered at". */
    Site site(String op) {
        // Only a splat's text reads the chain and the line; a silent lockdep (the checker's) builds none.
        return state.lockdep.silent() ? new Site(op, null, null, state.step) : new Site(op, chain(), where(), state.step);
    }

    /** The call chain of the running context, innermost first, ending with its context. */
    List<String> chain() {
        Context ctx = top();
        return ctx == null ? List.of("swapper/" + cpu + " (idle)") : chainOf(ctx);
    }

    /** A context's call chain, innermost first, ending with its context. */
    List<String> chainOf(Context ctx) {
        List<String> out = new ArrayList<>();
        for (int i = ctx.frames.size() - 1; i >= 0; i--) {
            out.add(program.block(ctx.frames.get(i).block()).function());
        }
        if (ctx.kind != Context.Kind.TASK) {
            out.add(contextLabel(ctx));     // a task's outermost function already is its comm
            TaskState t = currentTaskRead();
            if (Context.isIrqId(ctx.id) && Context.irqLevel(ctx.id) == 0 && t != null
                    && t.kind == TaskState.Kind.KSOFTIRQD && t.onCpu()) {
                out.addAll(chainOf(t.ctx));     // handle_softirqs() called by run_ksoftirqd()
                out.add(t.comm);
            }
        }
        return out;
    }

    /** The innermost scenario line on the running context's stack. */
    SourcePos where() {
        Context ctx = top();
        if (ctx == null) {
            return null;
        }
        // The pc has moved past the op being executed (or the call a lower frame made): look one back.
        for (int i = ctx.frames.size() - 1; i >= 0; i--) {
            Frame f = ctx.frames.get(i);
            List<Insn> insns = program.block(f.block()).insns();
            if (insns.isEmpty() || f.pc() == 0 && i > 0) {
                continue;   // a frame that has not run yet: the step is the call that pushed it
            }
            int pc = Math.min(Math.max(f.pc() - 1, 0), insns.size() - 1);
            if (insns.get(pc).pos() != null) {
                return insns.get(pc).pos();
            }
        }
        return null;
    }

    static String contextLabel(Context ctx) {
        return switch (ctx.kind) {
            case TASK -> "task " + ctx.label;
            case SOFTIRQ -> "softirq " + ctx.label;
            case HARDIRQ -> "hardirq " + ctx.label;
        };
    }

    void change(String text) {
        if (sink != null) {
            changes.add(text);
        }
    }

    /** A count's change ("preempt 0->1"), written out only when traced. */
    void change(String count, int from, int to) {
        if (sink != null) {
            changes.add(count + " " + from + "->" + to);
        }
    }

    /** A WARN() printed on this CPU: "WARNING: CPU: N PID: P at {@code at}: {@code text}". */
    void warning(String at, String text) {
        emit("warn", "WARNING: CPU: " + cpu + " PID: " + lockdepTask().pid() + " at " + at + ": " + text);
    }

    /**
     * A DEBUG_LOCKS_WARN_ON() outside lockdep, from {@code op}: debug_locks_off() turns lockdep off
     * for good, and the WARN prints only if it was on.
     */
    void debugLocksWarnOn(String at, String text, String op) {
        if (state.lockdep.enabled()) {
            warning(at, text + "; lockdep is off from here on");
        }
        observe(new LockdepEvent.DebugLocksWarn(lockdepTask(), irqState(), site(op)));
    }

    /** Emits an event for this CPU, carrying the changes collected since the last one. */
    void emit(String kind, String text) {
        emit(kind, text, depth() == 0 && Kernel.idle(state, cpu), -1);
    }

    /** Emits an event about grace period {@code gp} (a quiescent-state report). */
    void emit(String kind, String text, long gp) {
        emit(kind, text, depth() == 0 && Kernel.idle(state, cpu), gp);
    }

    /**
     * Emits the event of a step the top context just ran: it is that context's, even when the
     * step put its task to sleep or ended it.
     */
    void emitStep(String kind, String text) {
        emit(kind, text, false, -1);
    }

    private void emit(String kind, String text, boolean idleCpu, long gp) {
        if (sink == null) {
            return;
        }
        Context ctx = top();
        SourcePos pos = where();
        boolean idle = ctx == null || idleCpu;
        sink.emit(new TraceEvent(state.step, cpu, idle ? "idle" : contextLabel(ctx), depth(), kind, text,
                pos == null ? "" : pos.toString(), chain(), heldOnCpu(cpu), List.copyOf(changes), describeCpu(cpu), null, null,
                snapshot(), gp, null));
        changes.clear();
    }

    String lockName(int lock) {
        return program.locks.get(lock).name();
    }

    List<String> heldOnCpu(int c) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < state.locks.length; i++) {
            LockState l = state.locks[i];
            if (l.owner >= 0 && state.cpuOf(l.owner) == c && ownerRunsOn(l.owner, c)) {
                out.add(lockName(i));
            }
            for (int r : l.readers) {
                if (state.cpuOf(r) == c && ownerRunsOn(r, c)) {
                    out.add(lockName(i) + " (read)");
                }
            }
        }
        return out;
    }

    private boolean ownerRunsOn(int ctxId, int c) {
        return Context.isIrqId(ctxId) || state.cpus[c].current == ctxId || state.tasks.get(ctxId).onCpu();
    }

    /** The CPU as data after the event: its stack, counts, pending vectors and every task bound to it. */
    CpuSnapshot snapshot() {
        CpuState c = cpuState();
        List<CpuSnapshot.ContextSnapshot> stack = new ArrayList<>();
        TaskState cur = currentTaskRead();
        if (cur != null && cur.onCpu()) {
            stack.add(contextSnapshot(cur.ctx));
        }
        for (Context x : c.irqStack) {
            stack.add(contextSnapshot(x));
        }
        List<CpuSnapshot.TaskSnapshot> tasks = new ArrayList<>();
        for (int t : state.tasksOnCpu[cpu]) {
            TaskState task = state.tasks.get(t);
            if (!task.started) {
                continue;
            }
            String st = task.done ? "exited" : task.ctx.wait.sleeps() && !task.ctx.woken ? "sleeping"
                    : t == c.current ? "running" : "runnable";
            tasks.add(new CpuSnapshot.TaskSnapshot(task.comm, task.pid, st, holds(task.ctx.id), waitsOn(task.ctx),
                    task.ctx.wait == Wait.NONE ? -1 : task.ctx.waitSince));
        }
        List<String> pending = c.pending == 0 ? List.of() : List.of(Softirqs.pendingNames(program, c.pending).split(","));
        return new CpuSnapshot(stack, c.preempt, c.bh, c.irqsOff, pending, tasks);
    }

    private CpuSnapshot.ContextSnapshot contextSnapshot(Context x) {
        return new CpuSnapshot.ContextSnapshot(x.kind.name().toLowerCase(java.util.Locale.ROOT), x.label, holds(x.id),
                waitsOn(x), x.wait == Wait.NONE ? -1 : x.waitSince);
    }

    /** The locks context {@code ctxId} holds, in lock order ("A", "R (read)"). */
    private List<String> holds(int ctxId) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < state.locks.length; i++) {
            LockState l = state.locks[i];
            if (l.owner == ctxId) {
                out.add(lockName(i));
            }
            for (int r : l.readers) {
                if (r == ctxId) {
                    out.add(lockName(i) + " (read)");
                }
            }
        }
        return out;
    }

    /** What the context waits on, in kernel words, or null. */
    private String waitsOn(Context x) {
        return switch (x.wait) {
            case NONE -> null;
            case SPIN -> "spin_lock " + lockName(x.waitArg) + (x.woken ? " (handed over)" : "");
            case LOCK -> program.locks.get(x.waitArg).type().name().toLowerCase(java.util.Locale.ROOT) + " "
                    + lockName(x.waitArg) + (x.retryLock ? " (woken)" : x.woken ? " (handed over)" : "");
            case GRACE_PERIOD -> "synchronize_rcu (grace period " + x.waitArg + ")";
            case RCU_BARRIER -> "rcu_barrier";
            case FLUSH_WORK -> "flush_work " + program.works.get(x.waitArg).name();
            case FLUSH_WORKQUEUE -> "flush_workqueue " + program.workqueues.get(x.waitArg).name();
            case HRTIMER_CANCEL -> "hrtimer_cancel " + program.timers.get(x.waitArg).name();
            case MSLEEP -> "msleep";
            case TIMER_BASE_BUSY -> "msleep (its timer behind " + program.timers.get(x.waitArg).name() + ")";
            case PERCPU_REF_SWITCH -> "percpu_ref switch to atomic";
            case IDLE -> idleFor(x);
            case TIMER_SYNC -> "del_timer_sync " + program.timers.get(x.waitArg).name();
            case GRAB_PENDING -> "try_to_grab_pending " + program.works.get(x.waitArg).name();
        };
    }

    String describeCpu(int c) {
        CpuState s = state.cpus[c];
        StringBuilder b = new StringBuilder();
        TaskState t = s.current < 0 ? null : state.tasks.get(s.current);
        b.append(t == null || !t.onCpu() ? "idle" : "task " + t.comm);
        for (Context x : s.irqStack) {
            b.append(" > ").append(contextLabel(x));
        }
        b.append(" | preempt ").append(s.preempt).append(" bh ").append(s.bh)
                .append(" irqs ").append(s.irqsOff ? "off" : "on");
        if (s.pending != 0) {
            b.append(" | pending ").append(Softirqs.pendingNames(program, s.pending));
        }
        return b.toString();
    }
}
