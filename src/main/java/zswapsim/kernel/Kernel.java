package zswapsim.kernel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import zswapsim.lockdep.Lockdep;
import zswapsim.lockdep.LockdepTask;
import zswapsim.lockdep.LockWaitType;
import zswapsim.scenario.LockType;
import zswapsim.scenario.Scenario;
import zswapsim.trace.CpuSnapshot;
import zswapsim.trace.EventSink;
import zswapsim.trace.MessageInfo;
import zswapsim.trace.TraceEvent;

/**
 * The kernel model: the one semantics every driver runs. A state, the moves enabled in it, and
 * {@link #apply} which performs one move. Pure apart from mutating the state it is given, and
 * deterministic: the same state and move give the same state and events.
 */
public final class Kernel {
    private final Program program;
    /** The machine before its first move, built once: every run starts from a copy of it. */
    private final KernelState initial;

    private Kernel(Program program) {
        this.program = program;
        this.initial = buildInitialState();
    }

    public static Kernel of(Scenario scenario) {
        return new Kernel(ProgramCompiler.compile(scenario));
    }

    public Scenario scenario() {
        return program.scenario;
    }

    public int cpus() {
        return program.cpus();
    }

    /** What the checker's partial-order reduction asks of this program's CPUs. */
    public Locality locality() {
        return new Locality(program);
    }

    /** The CPUs of this scenario that are interchangeable, with {@code init} its initial state. */
    public Symmetry symmetry(KernelState init) {
        return Symmetry.of(program, init);
    }

    /** A fresh machine before its first move (a copy: runs never share state). */
    public KernelState initialState() {
        return initial.copy();
    }

    private KernelState buildInitialState() {
        KernelState s = new KernelState();
        int n = program.cpus();
        s.cpus = new CpuState[n];
        for (int c = 0; c < n; c++) {
            s.cpus[c] = new CpuState();
        }
        s.locks = new LockState[program.locks.size()];
        s.lockCpu = program.lockCpu;
        s.cpuLock = program.cpuLock;
        for (int i = 0; i < s.locks.length; i++) {
            s.locks[i] = new LockState();
        }
        for (int i = 0; i < program.refs.size(); i++) {
            var r = program.refs.get(i);
            s.refs.add(new RefState(r.type() == zswapsim.scenario.RefDecl.RefType.PERCPU_REF, r.name(),
                    program.refReleaseBlocks.get(i), 0, r.allowReinit()));
        }
        s.rcu = new RcuState(n);
        s.timers = new TimerState(program.timers.size(), n);
        s.tasklets = new TaskletState(program.tasklets.size());
        for (Program.TaskInfo t : program.tasks) {
            addTask(s, TaskState.Kind.SCENARIO, t.comm(), t.cpu(), t.block(), t.kthread());
        }
        int poolSize = Workqueues.poolSize(program);
        int[] workers = new int[n * poolSize];
        for (int c = 0; c < n; c++) {
            workers[c * poolSize] = s.tasks.size();
            addTask(s, TaskState.Kind.KWORKER, Workqueues.kworkerName(c, 1), c, program.workerBlock);
        }
        if (program.offloadedCallbacks()) {
            for (int c = 0; c < n; c++) {
                addTask(s, TaskState.Kind.RCUO, "rcuop/" + c, c, program.rcuoBlock);
            }
        }
        s.swappers = new LockdepTask[n];
        for (int c = 0; c < n; c++) {
            s.swappers[c] = new LockdepTask("swapper/" + c, 0);
        }
        s.irqThreadTask = new int[program.interrupts.size()];
        java.util.Arrays.fill(s.irqThreadTask, -1);
        for (Program.IrqThreadInfo t : program.irqThreads) {
            s.irqThreadTask[t.interrupt()] = s.tasks.size();
            addTask(s, TaskState.Kind.IRQ_THREAD, t.comm(), t.cpu(), t.block());
        }
        // After the tasks above, so that the task numbers of schedules written before ksoftirqd existed still hold.
        s.ksoftirqdTask = new int[n];
        for (int c = 0; c < n; c++) {
            s.ksoftirqdTask[c] = s.tasks.size();
            addTask(s, TaskState.Kind.KSOFTIRQD, "ksoftirqd/" + c, c, program.ksoftirqdBlock);
        }
        // The rest of each pool, after every other task so that the tasks of a scenario without
        // sleeping work keep their numbers: asleep, never run until a kworker sleeps in its work.
        for (int k = 1; k < poolSize; k++) {
            for (int c = 0; c < n; c++) {
                workers[c * poolSize + k] = s.tasks.size();
                addTask(s, TaskState.Kind.KWORKER, Workqueues.kworkerName(c, k + 1), c, program.workerBlock);
                s.tasks.get(s.tasks.size() - 1).started = false;
            }
        }
        // The unbound pool's kworkers, if a workqueue is unbound, after all others: each is a
        // context on every CPU, all of it asleep until a first wake-up (create_worker()).
        boolean unbound = program.workqueues.stream().anyMatch(Program.WorkqueueInfo::unbound);
        int[] unboundWorkers = new int[unbound ? n * poolSize : 0];
        for (int k = 0; k < unboundWorkers.length / n; k++) {
            for (int c = 0; c < n; c++) {
                unboundWorkers[k * n + c] = s.tasks.size();
                addTask(s, TaskState.Kind.UNBOUND_KWORKER, Workqueues.unboundKworkerName(n, k + 1), c, program.unboundWorkerBlock);
                s.tasks.get(s.tasks.size() - 1).started = false;
            }
        }
        s.wq = new WorkqueueState(n, program.workqueues.size(), program.works.size(), workers, unboundWorkers);
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
        s.waits = waitForGraph(s);
        s.interruptsLeft = program.interrupts.stream().mapToInt(zswapsim.scenario.InterruptDecl::times).toArray();
        s.lockdep = new Lockdep();
        s.lockdep.proveRawLockNesting(program.scenario.lockdep().proveRawLockNesting());
        for (Program.LockInfo l : program.locks) {
            s.lockdep.registerWaitType(l.lockClass(), waitType(l.type()));
        }
        for (Program.TimerInfo t : program.timers) {
            if (t.map() != null) {
                s.lockdep.registerMap(t.map());
            }
        }
        // INIT_WORK() and alloc_workqueue() name their maps with lockdep_init_map(): {0:0}.
        for (Program.WorkqueueInfo wq : program.workqueues) {
            s.lockdep.registerMap(wq.map());
        }
        for (Program.WorkInfo w : program.works) {
            s.lockdep.registerMap(w.map());
        }
        s.lockdep.registerMap(Reclaim.FS_RECLAIM_MAP);
        s.lockdep.registerMap(Rcu.CALLBACK_MAP);
        s.lockdep.registerWaitType(Rcu.BARRIER_MUTEX, waitType(LockType.MUTEX));
        s.lockdep.registerWaitType(Workqueues.WQ_MUTEX, waitType(LockType.MUTEX));
        s.lockdep.registerWaitType(Refcounts.SWITCH_LOCK, waitType(LockType.SPINLOCK));
        s.lockdep.registerWaitType(CpuActor.SIGLOCK, waitType(LockType.SPINLOCK));
        s.lockdep.registerMap(CpuActor.THREADGROUP_RWSEM);
        s.lockdep.registerWaitType(CpuActor.FUTEX_EXIT_MUTEX, waitType(LockType.MUTEX));
        s.lockdep.registerWaitType(CpuActor.PI_LOCK, waitType(LockType.RAW_SPINLOCK));
        // rcu_lock_map and rcu_bh_lock_map: LD_WAIT_FREE outside, LD_WAIT_CONFIG inside.
        s.lockdep.registerReaderMap(Rcu.READ_LOCK_MAP);
        s.lockdep.registerReaderMap(Rcu.READ_LOCK_BH_MAP);
        if (program.zswap != null) {
            s.zswap = ZswapActor.setup(program);
        }
        // Kthreads start asleep, known to the actor whose work wakes them (the kworkers: WorkqueueState.IDLE).
        for (TaskState t : s.tasks) {
            if (t.kind == TaskState.Kind.RCUO) {
                s.rcu.rcuoSleeping[t.cpu] = t.ctx.id;
            }
        }
        s.ownAll();
        Post post = new Post(false);
        for (int c = 0; c < n; c++) {
            CpuActor.settle(new Machine(program, s, null, c, post));
        }
        // Timer migration starts from each CPU's first state: a CPU with nothing to run idles.
        for (int c = 0; program.tmigr() && c < n; c++) {
            s.cpus[c].tmigrInactive = s.timers.inactive[c] = Timers.idle(s, c);
        }
        return s;
    }

    /** The deadlock monitor of a machine about to start: its tasks, and each CPU's first task. */
    private WaitForGraph waitForGraph(KernelState s) {
        int n = s.tasks.size();
        int[] cpu = new int[n];
        String[] comm = new String[n];
        boolean[] service = new boolean[n];
        for (int i = 0; i < n; i++) {
            cpu[i] = s.tasks.get(i).cpu;
            comm[i] = s.tasks.get(i).comm;
            service[i] = s.tasks.get(i).service();
        }
        int[] current = new int[s.cpus.length];
        for (int c = 0; c < current.length; c++) {
            current[c] = s.cpus[c].current;
        }
        return new WaitForGraph(program, cpu, comm, service, current);
    }

    /** The wait type each lock initialiser gives its map (raw_spin_lock_init(), spin_lock_init(), mutex_init(), ...). */
    private static LockWaitType waitType(LockType type) {
        return switch (type) {
            case RAW_SPINLOCK -> LockWaitType.SPIN;
            case SPINLOCK, RWLOCK -> LockWaitType.CONFIG;
            case MUTEX, RWSEM -> LockWaitType.SLEEP;
        };
    }

    /** One of the model's own kthreads (kworker, rcuo, irq thread, ksoftirqd). */
    private void addTask(KernelState s, TaskState.Kind kind, String comm, int cpu, int block) {
        addTask(s, kind, comm, cpu, block, true);
    }

    private void addTask(KernelState s, TaskState.Kind kind, String comm, int cpu, int block, boolean kthread) {
        int index = s.tasks.size();
        Context ctx = new Context(Context.Kind.TASK, index, comm);
        ctx.push(Frame.call(block, 0));
        if (kind != TaskState.Kind.SCENARIO) {
            ctx.wait = Wait.IDLE;     // kthreads start asleep, waiting for work
        }
        s.tasks.add(new TaskState(kind, comm, 100 + index, cpu, kthread, ctx));
    }

    /** Every move enabled in {@code s}, in a fixed order. Empty when the run is over. */
    public List<Move> enabledMoves(KernelState s) {
        return Moves.enabled(program, s);
    }

    /**
     * Performs {@code move} on {@code s}, in-process: the Conductor's message for the actor that
     * takes the step, then every message that causes, one delivery at a time in the order they
     * were sent, then the stepping CPU's {@link CpuActor.FinishStep} and what that causes. Events
     * go to {@code sink} (may be null). The actor runtime composes the same deliveries on Pekko.
     */
    public void apply(KernelState s, Move move, EventSink sink) {
        begin(s, move);
        deliverMove(s, move, sink);
        end(s, move, sink);
    }

    /** A begun move's deliveries, in-process, in the order the actor runtime's Conductor makes them. */
    public void deliverMove(KernelState s, Move move, EventSink sink) {
        Post post = new Post(sink != null);
        deliver(s, ownStep(move), post, sink);
        drain(s, post, sink);
        Delivery finish = finishStep(move);
        if (finish != null) {
            deliver(s, finish, post, sink);
            drain(s, post, sink);
        }
    }

    /** Delivers one message and adds the messages its receiver sent to {@code sent}, in order (for the actor runtime). */
    public void deliverOne(KernelState s, Delivery d, EventSink sink, Collection<Delivery> sent) {
        Post post = new Post(sink != null);
        deliver(s, d, post, sink);
        post.drainTo(sent);
    }

    private void drain(KernelState s, Post post, EventSink sink) {
        Delivery d;
        while ((d = post.poll()) != null) {
            deliver(s, d, post, sink);
        }
    }

    /** The move starts: the step counter and the environment's part (an interrupt source fires). */
    public void begin(KernelState s, Move move) {
        s.step++;
        s.beginMove();
        if (move.kind() == Move.Kind.IRQ) {
            s.interruptsLeft[move.arg()]--;
        }
    }

    /** The Conductor's message that makes an actor take the move as its own step. */
    public static Delivery ownStep(Move move) {
        Message msg = switch (move.kind()) {
            case STEP -> CpuActor.Step.INSTANCE;
            case SWITCH -> new CpuActor.SwitchTo(move.arg());
            case IRQ -> new CpuActor.IrqArrive(move.arg());
            case SOFTIRQ -> CpuActor.RunSoftirqs.INSTANCE;
            case QS -> CpuActor.ReportQs.INSTANCE;
            case GP_START -> Rcu.GpStart.INSTANCE;
            case TIMER -> new CpuActor.TimerTick(move.arg());
            case HRTIMER -> new CpuActor.HrtimerInterrupt(move.arg());
        };
        return new Delivery(null, move.kind() == Move.Kind.GP_START ? Address.RCU : Address.cpu(move.cpu()), msg);
    }

    /** The Conductor's message that ends a CPU's step once its messages are delivered (null for RCU's). */
    public static Delivery finishStep(Move move) {
        return move.kind() == Move.Kind.GP_START ? null
                : new Delivery(null, Address.cpu(move.cpu()), CpuActor.FinishStep.INSTANCE);
    }

    /**
     * Delivers one message: its receiver's behaviour runs on the receiver's own state, and the
     * messages it sends go to {@code post}. A message from another actor is traced as a
     * {@code msg} event carrying what the receiver changed.
     */
    void deliver(KernelState s, Delivery d, Post post, EventSink sink) {
        Address to = d.to();
        s.deliveries++;
        s.own(to);
        List<String> changes;
        int cpu = -1;
        CpuSnapshot snapshot = null;
        if (to.kind() == Address.Kind.CPU) {
            Machine m = new Machine(program, s, sink, to.index(), post);
            CpuActor.receive(m, d.msg());
            changes = m.takeChanges();
            cpu = to.index();
            snapshot = sink == null || d.from() == null ? null : m.snapshot();
        } else {
            switch (to.kind()) {
                case LOCK -> LockActor.receive(post, to, program.locks.get(to.index()), s.locks[to.index()], d.msg());
                case REF -> RefActor.receive(post, program, to, s.refs.get(to.index()), d.msg());
                case RCU -> Rcu.receive(post, program, s.rcu, d.msg());
                case WORKQUEUE -> Workqueues.receive(post, program, s.wq, d.msg());
                case ZSWAP -> ZswapActor.receive(post, program, s.zswap, d.msg());
                case TIMERS -> Timers.receive(post, program, s.timers, d.msg());
                case TASKLETS -> Tasklets.receive(post, program, s.tasklets, d.msg());
                default -> throw new IllegalStateException("no actor at " + to);
            }
            changes = post.takeNotes();
            for (WaitEvent e : post.takeObserved()) {
                s.ownWaits().observe(e);
            }
        }
        if (sink == null) {
            return;
        }
        for (Post.Global g : post.takeGlobals()) {
            sink.emit(TraceEvent.global(s.step, g.kind(), g.text(), g.gp(), g.changes()));
        }
        int callback = post.takeCallback();
        if (d.from() != null) {
            MessageInfo info = new MessageInfo(name(d.from()), name(to), d.msg().name(),
                    callback >= 0 ? callback : d.msg().callback());
            sink.emit(TraceEvent.message(s.step, cpu, info, describe(d.msg()), changes, snapshot));
        }
    }

    /** The move's deliveries are done: the deadlock monitor looks at the edges the move added. */
    public void end(KernelState s, Move move, EventSink sink) {
        if (s.deadlock == null) {
            // Only a graph the move told an event can have a new edge (and it is this state's own).
            s.deadlock = s.waits.changed() ? s.ownWaits().afterMove() : null;
            if (s.deadlock != null) {
                new Machine(program, s, sink, Math.max(move.cpu(), 0), null).emit("deadlock", s.deadlock.explanation());
            }
        }
    }

    /** An actor's name in traces: cpu0, rcu, lock:zswap_pools_lock, ref:obj, workqueue, zswap. */
    public String name(Address a) {
        return switch (a.kind()) {
            case CPU -> "cpu" + a.index();
            case LOCK -> "lock:" + program.locks.get(a.index()).name();
            case REF -> "ref:" + program.refs.get(a.index()).name();
            case RCU -> "rcu";
            case WORKQUEUE -> "workqueue";
            case ZSWAP -> "zswap";
            case TIMERS -> "timers";
            case TASKLETS -> "tasklets";
        };
    }

    /** Every actor of this program, in a fixed order: CPUs, RCU, locks, refs, the workqueue, zswap. */
    public List<Address> actors() {
        List<Address> out = new ArrayList<>();
        for (int c = 0; c < program.cpus(); c++) {
            out.add(Address.cpu(c));
        }
        out.add(Address.RCU);
        for (int i = 0; i < program.locks.size(); i++) {
            out.add(Address.lock(i));
        }
        for (int i = 0; i < program.refs.size(); i++) {
            out.add(Address.ref(i));
        }
        out.add(Address.WORKQUEUE);
        if (program.zswap != null) {
            out.add(Address.ZSWAP);
        }
        if (!program.timers.isEmpty()) {
            out.add(Address.TIMERS);
        }
        if (!program.tasklets.isEmpty()) {
            out.add(Address.TASKLETS);
        }
        return out;
    }

    /** A message's text in the trace: its type and fields ("lock_granted(ctx=0, lock=1, ...)"). */
    private static String describe(Message msg) {
        String text = msg.toString();
        int open = text.indexOf('[');
        return open < 0 ? msg.name() : msg.name() + text.substring(open).replace('[', '(').replace(']', ')');
    }

    /**
     * Called when no move is enabled: records a stall (or a cycle the waits formed) if some task
     * or context is still waiting, and returns whether the run deadlocked.
     */
    public boolean stuck(KernelState s) {
        if (s.deadlock != null) {
            return true;
        }
        Deadlock d = s.waits.findCycle();
        if (d == null) {
            d = s.waits.findStall();
        }
        s.deadlock = d;
        return d != null;
    }

    /** Emits the deadlock event of a stall found at the end. */
    public void reportStall(KernelState s, EventSink sink) {
        if (s.deadlock != null && sink != null) {
            int cpu = s.deadlock.cpus().isEmpty() ? 0 : s.deadlock.cpus().get(0);
            new Machine(program, s, sink, cpu, null).emit("deadlock", s.deadlock.explanation());
        }
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
        if (insn.nat() == Native.JUMP) {
            return insn.jump() < program.block(f.block()).insns().size();
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
            out.add("CPU" + c + ": " + new Machine(program, s, null, c, null).describeCpu(c));
        }
        return out;
    }

    public String describeRcu(KernelState s) {
        return Rcu.describe(s.rcu);
    }

    public List<String> describeRefs(KernelState s) {
        List<String> out = new ArrayList<>();
        s.refs.forEach(r -> out.add(r.describe()));
        if (s.zswap != null) {
            for (int pool = 0; pool < s.zswap.pools(); pool++) {
                out.add(s.zswap.readRef(pool).describe());
            }
        }
        return out;
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

    /** "CPU0 task sysfs-writer", "CPU1 softirq RCU_SOFTIRQ". */
    static String describeContext(KernelState s, int ctxId) {
        Context ctx = s.context(ctxId);
        return "CPU" + s.cpuOf(ctxId) + " " + (ctx == null ? "interrupt" : Machine.contextLabel(ctx));
    }
}
