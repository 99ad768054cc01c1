package zswapsim.kernel;

import java.util.ArrayList;
import java.util.List;
import zswapsim.lockdep.IrqState;
import zswapsim.lockdep.LockdepTask;
import zswapsim.lockdep.Site;
import zswapsim.scenario.SourcePos;
import zswapsim.trace.EventSink;
import zswapsim.trace.TraceEvent;

/**
 * One move being applied: the program, the state it mutates, the CPU it runs on, and the event
 * sink. The model's parts (locking, irq control, RCU, refcounts, workqueues, zswap) all work
 * through it, so that "current", lockdep's view and the trace are defined in one place.
 */
final class Machine {
    final Program program;
    final KernelState state;
    private final EventSink sink;
    final int cpu;
    /** Changes made by the current step, for its trace event. */
    private final List<String> changes = new ArrayList<>();
    /** Set by local_bh_enable() and irq exit: pending softirqs run once the step's event is out. */
    boolean runSoftirqsAfterStep;
    /** Set when a context started waiting on a lock: the deadlock detector looks for a cycle. */
    boolean newLockWait;
    /** An in_softirq:/in_hardirq: op's body, entered once the op's event is out (-1: none). */
    int deferredInlineSoftirq = -1;
    int deferredInlineHardirq = -1;

    Machine(Program program, KernelState state, EventSink sink, int cpu) {
        this.program = program;
        this.state = state;
        this.sink = sink;
        this.cpu = cpu;
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
        return c.current < 0 ? null : state.tasks.get(c.current).ctx;
    }

    int depth() {
        return cpuState().irqStack.size();
    }

    TaskState currentTask() {
        int t = cpuState().current;
        return t < 0 ? null : state.tasks.get(t);
    }

    /** lockdep's current: interrupts run on the task they interrupted, or on swapper/N when idle. */
    LockdepTask lockdepTask() {
        TaskState t = currentTask();
        if (t == null || !t.onCpu() && depth() > 0) {
            return new LockdepTask("swapper/" + cpu, 0);
        }
        return new LockdepTask(t.comm, t.pid);
    }

    IrqState irqState() {
        CpuState c = cpuState();
        Context top = top();
        int rcu = top == null ? 0 : top.rcuDepth;
        return new IrqState(!c.irqsOff, c.bh == 0 && c.serving == 0, c.hardirq, c.serving, c.hardirq,
                c.serving + 2 * c.bh, c.preempt + c.serving + 2 * c.bh + c.hardirq, rcu);
    }

    /** Where the current step happens, for lockdep's "state was registered at". */
    Site site(String op) {
        return new Site(op, chain(), where(), state.step);
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

    /** Emits an event for this CPU, carrying the changes collected since the last one. */
    void emit(String kind, String text) {
        emit(kind, text, depth() == 0 && Kernel.idle(state, cpu));
    }

    /**
     * Emits the event of a step the top context just ran: it is that context's, even when the
     * step put its task to sleep or ended it.
     */
    void emitStep(String kind, String text) {
        emit(kind, text, false);
    }

    private void emit(String kind, String text, boolean idleCpu) {
        if (sink == null) {
            return;
        }
        Context ctx = top();
        SourcePos pos = where();
        boolean idle = ctx == null || idleCpu;
        sink.emit(new TraceEvent(state.step, cpu, idle ? "idle" : contextLabel(ctx), depth(), kind, text,
                pos == null ? "" : pos.toString(), chain(), heldOnCpu(cpu), List.copyOf(changes), describeCpu(cpu), null, null));
        changes.clear();
    }

    /** Emits a machine-wide event (RCU grace periods). */
    void emitGlobal(String kind, String text) {
        if (sink == null) {
            return;
        }
        sink.emit(new TraceEvent(state.step, -1, "rcu", 0, kind, text, "", List.of(), List.of(),
                List.copyOf(changes), "", null, null));
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
