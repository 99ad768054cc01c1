package zswapsim.kernel;

import java.util.ArrayList;
import java.util.List;
import zswapsim.lockdep.Lockdep;
import zswapsim.scenario.Scenario;
import zswapsim.trace.EventSink;

/**
 * The kernel model: the one semantics every driver runs. A state, the moves enabled in it, and
 * {@link #apply} which performs one move. Pure apart from mutating the state it is given, and
 * deterministic: the same state and move give the same state and events.
 */
public final class Kernel {
    private final Program program;

    private Kernel(Program program) {
        this.program = program;
    }

    public static Kernel of(Scenario scenario) {
        return new Kernel(ProgramCompiler.compile(scenario));
    }

    public Scenario scenario() {
        return program.scenario;
    }

    public KernelState initialState() {
        KernelState s = new KernelState();
        int n = program.cpus();
        s.cpus = new CpuState[n];
        for (int c = 0; c < n; c++) {
            s.cpus[c] = new CpuState();
            s.work.add(new ArrayList<>());
        }
        s.running = new long[n][];
        s.locks = new LockState[program.locks.size()];
        for (int i = 0; i < s.locks.length; i++) {
            s.locks[i] = new LockState();
        }
        for (int i = 0; i < program.refs.size(); i++) {
            var r = program.refs.get(i);
            s.refs.add(new RefState(r.type() == zswapsim.scenario.RefDecl.RefType.PERCPU_REF, r.name(),
                    program.refReleaseBlocks.get(i), 0, r.allowReinit()));
        }
        s.rcu = new RcuState(n);
        for (Program.TaskInfo t : program.tasks) {
            addTask(s, TaskState.Kind.SCENARIO, t.comm(), t.cpu(), t.block());
        }
        for (int c = 0; c < n; c++) {
            addTask(s, TaskState.Kind.KWORKER, "kworker/" + c + ":1", c, program.workerBlock);
        }
        if (program.offloadedCallbacks()) {
            for (int c = 0; c < n; c++) {
                addTask(s, TaskState.Kind.RCUO, "rcuop/" + c, c, program.rcuoBlock);
            }
        }
        s.tasksOnCpu = new int[n][];
        for (int c = 0; c < n; c++) {
            final int cpu = c;
            s.tasksOnCpu[c] = java.util.stream.IntStream.range(0, s.tasks.size())
                    .filter(i -> s.tasks.get(i).cpu == cpu).toArray();
        }
        for (int c = 0; c < n; c++) {
            // Each CPU starts running its first scenario task, if it has one (scenario tasks come first).
            int[] onCpu = s.tasksOnCpu[c];
            if (onCpu.length > 0 && s.tasks.get(onCpu[0]).kind == TaskState.Kind.SCENARIO) {
                s.cpus[c].current = onCpu[0];
            }
        }
        s.interruptsLeft = program.interrupts.stream().mapToInt(zswapsim.scenario.InterruptDecl::times).toArray();
        s.lockdep = new Lockdep();
        for (Program.LockInfo l : program.locks) {
            s.lockdep.registerWaitType(l.lockClass(), l.type().sleeps());
        }
        if (program.zswap != null) {
            ZswapOps.setup(program, s);
        }
        for (int c = 0; c < n; c++) {
            settle(new Machine(program, s, null, c));
        }
        return s;
    }

    private void addTask(KernelState s, TaskState.Kind kind, String comm, int cpu, int block) {
        int index = s.tasks.size();
        Context ctx = new Context(Context.Kind.TASK, index, comm);
        ctx.push(Frame.call(block, 0));
        if (kind != TaskState.Kind.SCENARIO) {
            ctx.wait = Wait.IDLE;     // kthreads start asleep, waiting for work
        }
        s.tasks.add(new TaskState(kind, comm, 100 + index, cpu, ctx));
    }

    /** Every move enabled in {@code s}, in a fixed order. Empty when the run is over. */
    public List<Move> enabledMoves(KernelState s) {
        return Moves.enabled(program, s);
    }

    /** Performs {@code move} on {@code s}; events go to {@code sink} (may be null). */
    public void apply(KernelState s, Move move, EventSink sink) {
        s.step++;
        Machine m = new Machine(program, s, sink, Math.max(move.cpu(), 0));
        switch (move.kind()) {
            case STEP -> Executor.step(m);
            case SWITCH -> switchTo(m, move.arg());
            case IRQ -> Hardirqs.arrive(m, move.arg());
            case SOFTIRQ -> Softirqs.enter(m, -1);     // an irq exit (or ksoftirqd) runs what is pending
            case GP_START -> Rcu.gpStart(m);
            case QS -> Rcu.quiescentState(m);
        }
        afterStep(m);
        settle(m);
        if (m.newLockWait && s.deadlock == null) {
            s.deadlock = DeadlockDetector.findCycle(program, s);
            if (s.deadlock != null) {
                m.emit("deadlock", s.deadlock.explanation());
            }
        }
    }

    /** Interrupts that the step asked for, entered after its own event. */
    private static void afterStep(Machine m) {
        if (m.deferredInlineHardirq >= 0) {
            Hardirqs.enter(m, m.deferredInlineHardirq, "in_hardirq");
        } else if (m.deferredInlineSoftirq >= 0) {
            Softirqs.enter(m, m.deferredInlineSoftirq);
        } else if (m.runSoftirqsAfterStep && Softirqs.canRun(m.cpuState())) {
            Softirqs.enter(m, -1);
        }
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
                case TASK -> {
                    TaskState t = m.currentTask();
                    if (!t.done) {
                        t.done = true;
                        m.emitStep("op", "task " + t.comm + " exits");
                    }
                    return;
                }
                case SOFTIRQ -> Softirqs.finish(m, ctx);
                case HARDIRQ -> Hardirqs.exit(m, ctx);
            }
        }
    }

    private void switchTo(Machine m, int task) {
        CpuState c = m.cpuState();
        String from = c.current < 0 ? "idle" : m.state.tasks.get(c.current).comm;
        c.current = task;
        m.change("context switch " + from + " -> " + m.state.tasks.get(task).comm);
        m.emit("switch", "schedule(): " + from + " -> " + m.state.tasks.get(task).comm);
    }

    /**
     * Called when no move is enabled: records a stall (or a cycle the waits formed) if some task
     * or context is still waiting, and returns whether the run deadlocked.
     */
    public boolean stuck(KernelState s) {
        if (s.deadlock != null) {
            return true;
        }
        Deadlock d = DeadlockDetector.findCycle(program, s);
        if (d == null) {
            d = DeadlockDetector.findStall(program, s);
        }
        s.deadlock = d;
        return d != null;
    }

    /** Emits the deadlock event of a stall found at the end. */
    public void reportStall(KernelState s, EventSink sink) {
        if (s.deadlock != null && sink != null) {
            int cpu = s.deadlock.cpus().isEmpty() ? 0 : s.deadlock.cpus().get(0);
            new Machine(program, s, sink, cpu).emit("deadlock", s.deadlock.explanation());
        }
    }

    /**
     * Which component owns a move, for the actor runtime: CPU c is {@code c}, RCU is {@code cpus},
     * lock i (when the move is a spinner or sleeper taking it) is {@code cpus + 1 + i}.
     */
    public int ownerOf(KernelState s, Move move) {
        int cpus = s.cpus.length;
        return switch (move.kind()) {
            case GP_START, QS -> cpus;
            case STEP -> {
                Context top = Moves.top(s, move.cpu());
                yield top != null && top.wait.onLock() ? cpus + 1 + top.waitArg : move.cpu();
            }
            default -> move.cpu();
        };
    }

    /**
     * Does CPU {@code cpu}'s next step touch only its own context's call stack (a note, a call, a
     * kthread's jump back), and leave the context with more to run? Such a step commutes with every
     * other move and changes nothing any check sees, so the checker may take it alone (a partial-order
     * reduction). A step that ends its context is not one: it makes the CPU idle or leaves an interrupt.
     */
    public boolean isLocalStep(KernelState s, int cpu) {
        Context top = Moves.top(s, cpu);
        if (top == null || top.wait != Wait.NONE || top.skipUntilUnlock >= 0 || top.frames.isEmpty()) {
            return false;
        }
        Frame f = top.top();
        Insn insn = program.block(f.block()).insns().get(f.pc());
        if (insn.nat() == Native.KTHREAD_LOOP) {
            return true;
        }
        boolean pcOnly = insn.op() == zswapsim.scenario.OpKind.NOTE
                || insn.nat() == Native.ZSWAP_RETURN_IF_UNCHANGED && f.r0() != 0;
        boolean call = isCall(insn);
        return (pcOnly || call) && (call && !program.block(insn.target()).insns().isEmpty() || hasMoreAfter(top));
    }

    /** Ops that only push a frame: call and the zswap entry points. */
    private static boolean isCall(Insn insn) {
        if (insn.op() == null) {
            return false;
        }
        return switch (insn.op()) {
            case CALL, ZSWAP_PARAM_SET, ZSWAP_STORE, ZSWAP_LOAD, ZSWAP_ENTRY_FREE -> true;
            default -> false;
        };
    }

    /** Is there an instruction after the current one, in this frame or a caller's? */
    private boolean hasMoreAfter(Context ctx) {
        for (int i = ctx.frames.size() - 1; i >= 0; i--) {
            Frame fr = ctx.frames.get(i);
            int after = i == ctx.frames.size() - 1 ? fr.pc() + 1 : fr.pc();
            if (after < program.block(fr.block()).insns().size()) {
                return true;
            }
        }
        return false;
    }

    public List<String> lockNames() {
        return program.locks.stream().map(Program.LockInfo::name).toList();
    }

    /** One line per CPU, for the end of a text report. */
    public List<String> describeCpus(KernelState s) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < s.cpus.length; c++) {
            out.add("CPU" + c + ": " + new Machine(program, s, null, c).describeCpu(c));
        }
        return out;
    }

    public String describeRcu(KernelState s) {
        return Rcu.describe(s.rcu);
    }

    public List<String> describeRefs(KernelState s) {
        return s.refs.stream().map(RefState::describe).toList();
    }

    static boolean idle(KernelState s, int cpu) {
        CpuState c = s.cpus[cpu];
        if (!c.irqStack.isEmpty()) {
            return false;
        }
        if (c.current < 0) {
            return true;
        }
        return !s.tasks.get(c.current).onCpu();
    }

    static boolean kthreadHasWork(KernelState s, TaskState t) {
        return switch (t.kind) {
            case KWORKER -> !s.work.get(t.cpu).isEmpty();
            case RCUO -> s.rcu.hasReady(t.cpu);
            case SCENARIO -> false;
        };
    }

    /** "CPU0 task sysfs-writer", "CPU1 softirq RCU_SOFTIRQ". */
    static String describeContext(KernelState s, int ctxId) {
        Context ctx = s.context(ctxId);
        return "CPU" + s.cpuOf(ctxId) + " " + (ctx == null ? "interrupt" : Machine.contextLabel(ctx));
    }
}
