package zswapsim.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import zswapsim.scenario.HrtimerDecl;
import zswapsim.scenario.Gfp;
import zswapsim.scenario.InterruptDecl;
import zswapsim.scenario.LockDecl;
import zswapsim.scenario.Op;
import zswapsim.scenario.OpKind;
import zswapsim.scenario.LockType;
import zswapsim.scenario.RefDecl;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.SoftirqVectors;
import zswapsim.scenario.SourcePos;
import zswapsim.scenario.TaskDecl;
import zswapsim.scenario.WorkDecl;
import zswapsim.scenario.WorkqueueDecl;

/** Compiles a {@link Scenario} into a {@link Program}: resolves every name to an index once. */
final class ProgramCompiler {
    private final Scenario scenario;
    private final List<CodeBlock> blocks = new ArrayList<>();
    private final Map<String, Integer> lockIndex = new LinkedHashMap<>();
    private final Map<String, Integer> refIndex = new LinkedHashMap<>();
    private final Map<String, Integer> timerIndex = new LinkedHashMap<>();
    private final Map<String, Integer> hrtimerIndex = new LinkedHashMap<>();
    private final Map<String, Integer> workqueueIndex = new LinkedHashMap<>();
    /** Declared works by name; a handler named as a work is one too, added on first use. */
    private final Map<String, Integer> workIndex = new LinkedHashMap<>();
    private final List<Program.WorkInfo> works = new ArrayList<>();
    private final Map<String, Integer> handlerBlock = new LinkedHashMap<>();
    private Map<String, Integer> softirqVector;
    private final Map<String, Integer> taskletIndex = new LinkedHashMap<>();
    private final List<Program.TaskletInfo> tasklets = new ArrayList<>();
    private final List<Program.SoftirqVector> softirqs = new ArrayList<>();
    private final List<String> compressors = new ArrayList<>();

    /** The class of every CPU's compression mutex: mutex_init(&acomp_ctx->mutex). */
    static final String ACOMP_MUTEX_CLASS = "&acomp_ctx->mutex";

    /** CPU {@code cpu}'s compression mutex, per_cpu_ptr(pool->acomp_ctx, cpu)->mutex, as traces name it. */
    static String acompMutexName(int cpu) {
        return "acomp_ctx[" + cpu + "]->mutex";
    }

    private ProgramCompiler(Scenario scenario) {
        this.scenario = scenario;
    }

    static Program compile(Scenario scenario) {
        return new ProgramCompiler(scenario).compile();
    }

    private Program compile() {
        List<Program.LockInfo> locks = new ArrayList<>();
        for (LockDecl l : scenario.locks().values()) {
            lockIndex.put(l.name(), locks.size());
            locks.add(new Program.LockInfo(l.name(), l.type(), l.lockClass()));
        }
        List<RefDecl> refs = new ArrayList<>(scenario.refs().values());
        refs.forEach(r -> refIndex.put(r.name(), refIndex.size()));
        if (refs.stream().anyMatch(r -> r.type() == RefDecl.RefType.PERCPU_REF)) {
            // lib/percpu-refcount.c's one global spinlock, a lock like the scenario's: a release that
            // a kill runs under it holds it for steps, and others spin on it meanwhile.
            locks.add(new Program.LockInfo(Refcounts.SWITCH_LOCK, LockType.SPINLOCK, Refcounts.SWITCH_LOCK));
        }
        // zswap's per-CPU compression contexts (pool->acomp_ctx): each CPU's mutex is an instance
        // of one class, mutex_init(&acomp_ctx->mutex) in zswap_cpu_comp_prepare(); only code
        // running on that CPU takes it (raw_cpu_ptr()).
        int[] cpuLock = new int[scenario.cpus()];
        java.util.Arrays.fill(cpuLock, -1);
        if (scenario.zswap() != null) {
            for (int c = 0; c < scenario.cpus(); c++) {
                cpuLock[c] = locks.size();
                locks.add(new Program.LockInfo(acompMutexName(c), LockType.MUTEX, ACOMP_MUTEX_CLASS));
            }
        }
        // Reserve every handler's block first so that handlers may name each other in any order.
        scenario.handlers().keySet().forEach(h -> handlerBlock.put(h, reserve(h)));
        for (int i = 0; i < SoftirqVectors.NR_SOFTIRQS; i++) {
            softirqs.add(null);
        }
        softirqs.set(Program.RCU_SOFTIRQ, new Program.SoftirqVector("RCU_SOFTIRQ", -1));
        List<Program.TimerInfo> timers = new ArrayList<>();
        List<WorkDecl> declaredWorks = List.copyOf(scenario.works().values());
        boolean delayedWorks = declaredWorks.stream().anyMatch(WorkDecl::delayed);
        if (!scenario.timers().isEmpty() || delayedWorks) {
            int runTimers = add("run_timer_softirq", timerLoop(Native.RUN_TIMERS, Native.TIMER_FN_DONE, Program.TimerMode.TIMER_LIST));
            softirqs.set(Program.TIMER_SOFTIRQ, new Program.SoftirqVector("TIMER_SOFTIRQ", runTimers));
            scenario.timers().values().forEach(t -> {
                timerIndex.put(t.name(), timers.size());
                timers.add(new Program.TimerInfo(t.name(), handlerBlock.get(t.function()), t.lockdepName(),
                        Program.TimerMode.TIMER_LIST, -1, t.pinned()));
            });
        }
        // Each delayed_work's timer, after the timer_lists and before the hrtimers: declared works
        // are works 0.. in file order, so the work's index is its position.
        Map<String, Integer> dworkTimer = new LinkedHashMap<>();
        for (int w = 0; w < declaredWorks.size(); w++) {
            WorkDecl d = declaredWorks.get(w);
            if (d.delayed()) {
                dworkTimer.put(d.name(), timers.size());
                timers.add(new Program.TimerInfo(d.name() + "->timer", -1, d.timerMap(), Program.TimerMode.TIMER_LIST, w, false));
            }
        }
        int hrtimerInterrupt = hrtimers(timers);
        List<Program.WorkqueueInfo> workqueues = new ArrayList<>();
        workqueues.add(new Program.WorkqueueInfo(WorkqueueDecl.SYSTEM_WQ, false, false, "(wq_completion)events"));
        workqueueIndex.put(WorkqueueDecl.SYSTEM_WQ, Program.SYSTEM_WQ);
        scenario.workqueues().values().forEach(wq -> {
            workqueueIndex.put(wq.name(), workqueues.size());
            workqueues.add(new Program.WorkqueueInfo(wq.name(), wq.ordered(), wq.unbound(), "(wq_completion)" + wq.name()));
        });
        declaredWorks.forEach(w -> {
            workIndex.put(w.name(), works.size());
            works.add(new Program.WorkInfo(w.name(), handlerBlock.get(w.function()), w.workMap(),
                    dworkTimer.getOrDefault(w.name(), -1)));
        });
        if (SoftirqVectors.usesTasklets(scenario)) {
            int action = add("tasklet_action", List.of(Insn.nat(Native.TASKLET_DETACH), Insn.nat(Native.TASKLET_NEXT),
                    Insn.nat(Native.TASKLET_FN_DONE)));
            softirqs.set(Program.TASKLET_SOFTIRQ, new Program.SoftirqVector("TASKLET_SOFTIRQ", action));
        }
        softirqVector = SoftirqVectors.assign(scenario);
        softirqVector.forEach((h, v) -> softirqs.set(v, new Program.SoftirqVector(h, handlerBlock.get(h))));
        if (scenario.zswap() != null) {
            compressors.add(scenario.zswap().compressor());
            zswapBlock(0);
        }
        scenario.handlers().forEach((name, ops) -> define(handlerBlock.get(name), name, ops));

        List<Program.TaskInfo> tasks = new ArrayList<>();
        for (TaskDecl t : scenario.tasks()) {
            int block = reserve(t.name());
            define(block, t.name(), t.run());
            tasks.add(new Program.TaskInfo(t.name(), t.cpu(), block, t.kthread()));
        }
        List<Integer> interruptTargets = new ArrayList<>();
        for (InterruptDecl irq : scenario.interrupts()) {
            interruptTargets.add(irq.kind() == InterruptDecl.Kind.SOFTIRQ
                    ? softirqVector.get(irq.handler()) : handlerBlock.get(irq.handler()));
        }
        List<Integer> releaseBlocks = refs.stream().map(r -> handlerBlock.get(r.release())).toList();

        int rcuDoBatch = add("rcu_do_batch", List.of(Insn.nat(Native.RCU_DO_BATCH)));
        int switchRcu = add("percpu_ref_switch_to_atomic_rcu",
                List.of(Insn.nat(Native.PERCPU_REF_SWITCH_TO_ATOMIC_RCU)));
        int switchUnlock = add("percpu_ref_kill_and_confirm", List.of(Insn.nat(Native.PERCPU_REF_SWITCH_UNLOCK)));
        int putUnlock = add("percpu_ref_put_many", List.of(Insn.op(OpKind.RCU_READ_UNLOCK, -1, 1, null, -1, null)));
        int worker = add("worker_thread", List.of(Insn.nat(Native.KTHREAD_WAIT), Insn.nat(Native.WORKER_RUN),
                Insn.nat(Native.WORKER_DONE), Insn.nat(Native.KTHREAD_LOOP)));
        // worker_thread() of an unbound kworker: from its wake-up to process_one_work() taking the
        // item it holds pool->lock, so the first step of the context that runs takes the item.
        int unboundWorker = add("worker_thread", List.of(Insn.nat(Native.WORKER_RUN), Insn.nat(Native.WORKER_DONE),
                Insn.nat(Native.KTHREAD_LOOP)));
        // rcuo kthreads (kernel/rcu/tree_nocb.h:nocb_cb_wait) invoke callbacks with BH disabled.
        int rcuo = add("rcu_nocb_cb_kthread", List.of(Insn.nat(Native.KTHREAD_WAIT),
                Insn.op(OpKind.LOCAL_BH_DISABLE, -1, 1, null, -1, null),
                Insn.nat(Native.RCU_DO_BATCH),
                Insn.op(OpKind.LOCAL_BH_ENABLE, -1, 1, null, -1, null),
                Insn.nat(Native.KTHREAD_LOOP)));
        int taskWorkRun = add("task_work_run", List.of(Insn.nat(Native.TASK_WORK_RUN)));
        int ksoftirqd = add("run_ksoftirqd", List.of(Insn.nat(Native.RUN_KSOFTIRQD), Insn.nat(Native.KTHREAD_LOOP)));
        List<Program.IrqThreadInfo> irqThreads = irqThreads();
        ZswapCode zswap = scenario.zswap() == null ? null
                : new ZswapCompiler(scenario.zswap().variant(), lockIndex.get("zswap_pools_lock"),
                        lockIndex.get("zswap_tree_lock"), lockIndex.get("zswap_init_lock"),
                        paramLockNeeded() ? lockIndex.get(zswapsim.scenario.ZswapConfig.PARAM_LOCK) : -1)
                        .compile(List.copyOf(compressors), zswapBlockIds, this::defineInsns);
        int zswapReleaseWork = -1;
        if (zswap != null) {
            zswapReleaseWork = works.size();
            works.add(new Program.WorkInfo("__zswap_pool_release", zswap.poolRelease(), "(work_completion)(&pool->release_work)"));
        }
        return new Program(scenario, blocks, locks, cpuLock, refs, releaseBlocks, tasks, java.util.Collections.unmodifiableList(softirqs),
                scenario.interrupts(), interruptTargets, zswap, timers, hrtimerInterrupt, works, workqueues, zswapReleaseWork,
                worker, unboundWorker, rcuo, rcuDoBatch, switchRcu, switchUnlock, putUnlock, tasklets, irqThreads, taskWorkRun, ksoftirqd);
    }

    /**
     * The hrtimers, after the timer_lists in one index space: hrtimer_interrupt()'s code when some
     * are hard (returned; -1 if none), HRTIMER_SOFTIRQ's when some are soft.
     */
    private int hrtimers(List<Program.TimerInfo> timers) {
        boolean hard = false;
        boolean soft = false;
        for (HrtimerDecl h : scenario.hrtimers().values()) {
            Program.TimerMode mode = h.mode() == HrtimerDecl.Mode.HARD ? Program.TimerMode.HRTIMER_HARD : Program.TimerMode.HRTIMER_SOFT;
            hard |= mode == Program.TimerMode.HRTIMER_HARD;
            soft |= mode == Program.TimerMode.HRTIMER_SOFT;
            hrtimerIndex.put(h.name(), timers.size());
            timers.add(new Program.TimerInfo(h.name(), handlerBlock.get(h.function()), null, mode));
        }
        if (soft) {
            int run = add("hrtimer_run_softirq", timerLoop(Native.RUN_HRTIMERS, Native.HRTIMER_FN_DONE, Program.TimerMode.HRTIMER_SOFT));
            softirqs.set(Program.HRTIMER_SOFTIRQ, new Program.SoftirqVector("HRTIMER_SOFTIRQ", run));
        }
        return hard ? add("hrtimer_interrupt", timerLoop(Native.RUN_HRTIMERS, Native.HRTIMER_FN_DONE, Program.TimerMode.HRTIMER_HARD)) : -1;
    }

    /** Run the next expired timer of the mode, then come back for the next (the run step pops the frame when none is left). */
    private static List<Insn> timerLoop(Native run, Native done, Program.TimerMode mode) {
        return List.of(Insn.nat(run, mode.ordinal()), Insn.nat(done));
    }

    /** A declared work, or the work a handler named as one is. */
    private int work(String name) {
        return workIndex.computeIfAbsent(name, h -> {
            works.add(new Program.WorkInfo(h, handlerBlock.get(h), "(work_completion)(" + h + ")"));
            return works.size() - 1;
        });
    }

    /**
     * One {@code irq/N-NAME} kthread per threaded interrupt (N its entry's number, NAME its hardirq
     * handler), running irq_thread(): wait for IRQTF_RUNTHREAD, call the thread function, loop.
     */
    private List<Program.IrqThreadInfo> irqThreads() {
        List<Program.IrqThreadInfo> out = new ArrayList<>();
        for (int i = 0; i < scenario.interrupts().size(); i++) {
            InterruptDecl irq = scenario.interrupts().get(i);
            if (irq.thread() == null) {
                continue;
            }
            Insn threadFn = new Insn(null, Native.IRQ_THREAD_FN, handlerBlock.get(irq.thread()), 0, irq.thread(), -1,
                    null, -1, false);
            int block = add("irq_thread", List.of(Insn.nat(Native.IRQ_THREAD_WAIT), threadFn, Insn.nat(Native.KTHREAD_LOOP)));
            out.add(new Program.IrqThreadInfo("irq/" + i + "-" + irq.handler(), irq.cpus().get(0), block, i));
        }
        return out;
    }

    /** zswap functions are called from scenario code before they are compiled: reserve their ids up front. */
    private final int[] zswapBlockIds = new int[6];
    private boolean zswapReserved;

    private int zswapBlock(int which) {
        if (!zswapReserved) {
            for (int i = 0; i < zswapBlockIds.length; i++) {
                zswapBlockIds[i] = reserve("zswap#" + i);
            }
            zswapReserved = true;
        }
        return zswapBlockIds[which];
    }

    private int reserve(String function) {
        blocks.add(new CodeBlock(blocks.size(), function, List.of()));
        return blocks.size() - 1;
    }

    /**
     * param_attr_store() holds param_lock around every __zswap_param_set(). Uncontended and named by
     * nothing else it changes no verdict, so it is left out unless two code paths write the
     * parameter or an op names the lock (takes it, asserts it, nests under it).
     */
    private boolean paramLockNeeded() {
        int lock = lockIndex.get(zswapsim.scenario.ZswapConfig.PARAM_LOCK);
        int writers = 0;
        for (CodeBlock b : blocks) {
            if (b.insns().stream().anyMatch(i -> i.op() == OpKind.ZSWAP_PARAM_SET)) {
                writers++;
            }
            if (b.insns().stream().anyMatch(i -> i.nat() == null && i.op() != null && namesLock(i, lock))) {
                return true;
            }
        }
        return writers > 1;
    }

    private static boolean namesLock(Insn i, int lock) {
        return i.nestLock() == lock || i.target() == lock && switch (i.op().arg()) {
            case SPINLOCK, RWLOCK, MUTEX, RWSEM, LOCK, RAW_SPINLOCK, SPINLOCK_NESTED, RAW_SPINLOCK_NESTED, MUTEX_NESTED,
                 RWSEM_NESTED, MUTEX_NEST_LOCK, SPINLOCK_NEST_LOCK, RAW_SPINLOCK_NEST_LOCK, RWSEM_NEST_LOCK -> true;
            default -> false;
        };
    }

    private int add(String function, List<Insn> insns) {
        int id = reserve(function);
        blocks.set(id, new CodeBlock(id, function, List.copyOf(insns)));
        return id;
    }

    private void defineInsns(int id, String function, List<Insn> insns) {
        blocks.set(id, new CodeBlock(id, function, List.copyOf(insns)));
    }

    private void define(int id, String function, List<Op> ops) {
        blocks.set(id, new CodeBlock(id, function, compileOps(ops)));
    }

    /** The tasklet_struct of a handler tasklet_schedule: names, numbered in order of first use. */
    private int taskletOf(String handler) {
        return taskletIndex.computeIfAbsent(handler, h -> {
            tasklets.add(new Program.TaskletInfo(h, handlerBlock.get(h)));
            return tasklets.size() - 1;
        });
    }

    private List<Insn> compileOps(List<Op> ops) {
        List<Insn> out = new ArrayList<>();
        for (Op op : ops) {
            compileOp(op, out);
        }
        return out;
    }

    /**
     * {@code if (COND) {then} else {else}}: the condition's instruction (its outcome, computed by the
     * CPU or answered by the lock or ref asked, sends the pc to the else: ops when it does not
     * hold), the then: ops, a jump over the else: ops, the else: ops.
     */
    private void compileIf(Op op, List<Insn> out) {
        Op.Branch b = op.branch();
        int condAt = out.size();
        out.add(null);
        op.body().forEach(o -> compileOp(o, out));
        if (!b.orElse().isEmpty()) {
            int jumpAt = out.size();
            out.add(null);
            int elseAt = out.size();
            b.orElse().forEach(o -> compileOp(o, out));
            out.set(jumpAt, Insn.jump(out.size(), op.pos()));
            out.set(condAt, condition(b).asCondition(elseAt, b.negate()));
        } else {
            out.set(condAt, condition(b).asCondition(out.size(), b.negate()));
        }
    }

    private Insn condition(Op.Branch b) {
        SourcePos pos = b.conditionPos();
        if (b.condition().op() != null) {
            List<Insn> one = new ArrayList<>();
            compileOp(new Op(b.condition().op(), b.name(), 1, List.of(), pos), one);
            return one.get(0);
        }
        Native test = switch (b.condition()) {
            case IRQS_DISABLED -> Native.IRQS_DISABLED;
            case IN_SOFTIRQ -> Native.IN_SOFTIRQ;
            case IN_INTERRUPT -> Native.IN_INTERRUPT;
            case PERCPU_REF_IS_ZERO -> Native.PERCPU_REF_IS_ZERO;
            default -> throw new IllegalArgumentException("not a predicate: " + b.condition());
        };
        int target = b.name() == null ? -1 : refIndex.get(b.name());
        return new Insn(null, test, target, 0, b.name(), -1, pos, -1, false);
    }

    private void compileOp(Op op, List<Insn> out) {
        OpKind k = op.kind();
        switch (k.arg()) {
            case SPINLOCK, RWLOCK, MUTEX, RWSEM, RAW_SPINLOCK ->
                    out.add(Insn.op(k, lockIndex.get(op.name()), 1, op.name(), -1, op.pos()));
            case SPINLOCK_NESTED, RAW_SPINLOCK_NESTED, MUTEX_NESTED, RWSEM_NESTED, MUTEX_NEST_LOCK, SPINLOCK_NEST_LOCK,
                 RAW_SPINLOCK_NEST_LOCK, RWSEM_NEST_LOCK -> {
                Op.Annotation a = op.annotation();
                out.add(Insn.annotatedLock(k, lockIndex.get(op.name()), op.name(), op.pos(), a.subclass(),
                        a.nestLock() == null ? -1 : lockIndex.get(a.nestLock())));
            }
            case TIMER -> out.add(Insn.op(k, timerIndex.get(op.name()), 1, op.name(), -1, op.pos()));
            case HRTIMER -> out.add(Insn.op(k, hrtimerIndex.get(op.name()), 1, op.name(), -1, op.pos()));
            case WORKQUEUE -> out.add(Insn.op(k, workqueueIndex.get(op.name()), 1, op.name(), -1, op.pos()));
            case WORK, DELAYED_WORK -> out.add(Insn.op(k, work(op.name()), 1, op.name(), -1, op.pos()));
            // count carries the workqueue: queue_work(wq, work), queue_delayed_work(wq, dwork)
            case QUEUE_WORK, QUEUE_DELAYED_WORK -> out.add(Insn.op(k, work(op.name()), workqueueIndex.get(op.wq()), op.wq() + ", " + op.name(), -1, op.pos()));
            case PERCPU_REF, KREF -> out.add(Insn.op(k, refIndex.get(op.name()), 1, op.name(), -1, op.pos()));
            case LOCK -> out.add(Insn.op(k, lockIndex.get(op.name()), 1, op.name(), -1, op.pos()));
            case GFP -> out.add(Insn.op(k, Gfp.valueOf(op.name()).ordinal(), 1, op.name(), -1, op.pos()));
            case HANDLER -> out.add(Insn.op(k, k == OpKind.RAISE_SOFTIRQ ? softirqVector.get(op.name())
                    : k == OpKind.TASKLET_SCHEDULE ? taskletOf(op.name()) : handlerBlock.get(op.name()),
                    1, op.name(), -1, op.pos()));
            case OPS -> {
                int body = reserve(k == OpKind.IN_SOFTIRQ ? "in_softirq" : "in_hardirq");
                define(body, blocks.get(body).function(), op.body());
                out.add(Insn.op(k, -1, 1, null, body, op.pos()));
            }
            case COMPRESSOR -> {
                if (!compressors.contains(op.name())) {
                    compressors.add(op.name());
                }
                out.add(Insn.op(k, zswapBlock(ZswapCompiler.PARAM_SET), compressors.indexOf(op.name()), op.name(), -1, op.pos()));
            }
            case COUNT -> {
                if (k == OpKind.MSLEEP) {
                    out.add(Insn.op(k, -1, op.count(), null, -1, op.pos()));
                } else {
                    int which = switch (k) {
                        case ZSWAP_STORE -> ZswapCompiler.STORE;
                        case ZSWAP_LOAD -> ZswapCompiler.LOAD;
                        default -> ZswapCompiler.ENTRY_FREE;
                    };
                    // One call per page, so that interrupts can arrive between them.
                    for (int i = 1; i <= op.count(); i++) {
                        out.add(Insn.op(k, zswapBlock(which), op.count(), i + "/" + op.count(), -1, op.pos()));
                    }
                }
            }
            case BRANCH -> compileIf(op, out);
            case TEXT -> out.add(Insn.op(k, -1, 1, op.name(), -1, op.pos()));
            case NONE -> {
                out.add(Insn.op(k, -1, 1, null, -1, op.pos()));
                if (k == OpKind.RCU_BARRIER) {
                    // It holds rcu_state.barrier_mutex while it waits: the unlock is its own step, after the wait.
                    out.add(Insn.nat(Native.RCU_BARRIER_DONE));
                }
            }
        }
    }
}
