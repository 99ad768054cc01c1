package zswapsim.kernel;

import java.util.List;
import zswapsim.scenario.InterruptDecl;
import zswapsim.scenario.LockType;
import zswapsim.scenario.RefDecl;
import zswapsim.scenario.Scenario;

/**
 * A scenario compiled for the model: every piece of code as a {@link CodeBlock}, names resolved
 * to indexes. Immutable and shared by every state of every run of the scenario.
 */
final class Program {
    /** RCU_SOFTIRQ is the last vector in the kernel's enum, so it runs after the others. */
    static final int RCU_SOFTIRQ = zswapsim.scenario.SoftirqVectors.RCU;
    /** TIMER_SOFTIRQ, vector 1 of the kernel's enum; reserved only in scenarios with timers. */
    static final int TIMER_SOFTIRQ = zswapsim.scenario.SoftirqVectors.TIMER;
    /** TASKLET_SOFTIRQ, vector 6; reserved only in scenarios that schedule tasklets. */
    static final int TASKLET_SOFTIRQ = zswapsim.scenario.SoftirqVectors.TASKLET;
    /** HRTIMER_SOFTIRQ, vector 8; reserved only in scenarios with soft hrtimers. */
    static final int HRTIMER_SOFTIRQ = zswapsim.scenario.SoftirqVectors.HRTIMER;
    /** system_wq is workqueue 0 of every program. */
    static final int SYSTEM_WQ = 0;

    record LockInfo(String name, LockType type, String lockClass) {
    }

    /** A scenario task; {@code kthread}: it exits when its code ends, rather than returning to user space. */
    record TaskInfo(String comm, int cpu, int block, boolean kthread) {
    }

    record SoftirqVector(String name, int block) {
    }

    /** Where a timer's function runs: a timer_list in TIMER_SOFTIRQ, an hrtimer in hardirq or HRTIMER_SOFTIRQ. */
    enum TimerMode { TIMER_LIST, HRTIMER_HARD, HRTIMER_SOFT }

    /**
     * A timer_list or an hrtimer: its function's block, its lockdep map's name (null: hrtimers have
     * none), its mode; {@code dwork} the work whose delayed_work it belongs to (TIMER_IRQSAFE, its
     * function delayed_work_timer_fn()), -1 for the scenario's own timers; {@code pinned} its
     * TIMER_PINNED flag.
     */
    record TimerInfo(String name, int block, String map, TimerMode mode, int dwork, boolean pinned) {
        TimerInfo(String name, int block, String map, TimerMode mode) {
            this(name, block, map, mode, -1, false);
        }

        /**
         * Queued on BASE_GLOBAL: a timer_list without TIMER_PINNED (get_timer_this_cpu_base()),
         * which since v6.9 another CPU may expire while its CPU idles (timer_expire_remote()). A
         * delayed work's timer is one: __queue_delayed_work() arms it with add_timer_global().
         * Hrtimers have no remote expiry.
         */
        boolean global() {
            return mode == TimerMode.TIMER_LIST && !pinned;
        }

        boolean hrtimer() {
            return mode != TimerMode.TIMER_LIST;
        }

        /** TIMER_IRQSAFE: a delayed_work's timer, whose function runs with irqs off and may be deleted from a hardirq. */
        boolean irqsafe() {
            return dwork >= 0;
        }
    }

    /** A work_struct: how traces name it, its function's block, its lockdep map's name; {@code timer} its delayed_work's timer, or -1. */
    record WorkInfo(String name, int block, String map, int timer) {
        WorkInfo(String name, int block, String map) {
            this(name, block, map, -1);
        }

        boolean delayed() {
            return timer >= 0;
        }
    }

    /**
     * A workqueue: its name, whether it runs one work at a time (max_active 1), whether its work
     * goes to the unbound pool (WQ_UNBOUND: every ordered one), its lockdep map's name.
     */
    record WorkqueueInfo(String name, boolean ordered, boolean unbound, String map) {
    }

    /** A tasklet_struct: the handler tasklet_schedule: names, and its block. */
    record TaskletInfo(String name, int block) {
    }

    /** A threaded irq's kthread: its comm ({@code irq/N-NAME}), CPU, irq_thread() block and interrupt. */
    record IrqThreadInfo(String comm, int cpu, int block, int interrupt) {
    }

    final Scenario scenario;
    final List<CodeBlock> blocks;
    /** Per block, each instruction as the trace shows it (names resolved): a step's text, made once. */
    private final List<String[]> opTexts;
    final List<LockInfo> locks;
    /**
     * Per lock, the CPU whose own lock it is (zswap's per-CPU acomp_ctx->mutex: only code running
     * there takes it), or -1 for a lock any CPU may take; and per CPU, its own lock or -1.
     */
    final int[] lockCpu;
    final int[] cpuLock;
    final List<RefDecl> refs;
    final List<Integer> refReleaseBlocks;
    final List<TaskInfo> tasks;
    /** Softirq vectors by number; index {@link #RCU_SOFTIRQ} is RCU's, others are scenario handlers. */
    final List<SoftirqVector> softirqs;
    final List<InterruptDecl> interrupts;
    final List<Integer> interruptTargets;
    final ZswapCode zswap;
    /** The timer_lists, then the hrtimers: one index space, as they share each CPU's timer base. */
    final List<TimerInfo> timers;
    /** The index of the first hrtimer in {@link #timers}. */
    final int hrtimerBase;
    /** The timers queued on BASE_GLOBAL ({@link TimerInfo#global}), as a mask of the timer base's bits. */
    final long globalTimers;
    /** hrtimer_interrupt()'s code, run in hardirq context for hard hrtimers (-1: none). */
    final int hrtimerInterruptBlock;
    final List<WorkInfo> works;
    /** system_wq first, then the scenario's workqueues. */
    final List<WorkqueueInfo> workqueues;
    /** zswap's &pool->release_work (-1 without zswap). */
    final int zswapReleaseWork;
    final int workerBlock;
    /** An unbound kworker's loop: it takes its item as it wakes, under pool->lock, and looks for the next as the item returns. */
    final int unboundWorkerBlock;
    final int rcuoBlock;
    final int rcuDoBatchBlock;
    final int switchToAtomicRcuBlock;
    /** The spin_unlock_irqrestore(&percpu_ref_switch_lock) after a release that a kill ran under it. */
    final int switchUnlockBlock;
    /** percpu_ref_put_many()'s rcu_read_unlock() after the release it ran inside its reader section. */
    final int putUnlockBlock;
    /** percpu_ref_switch_lock's index among the locks, or -1: only a scenario with a percpu_ref has it. */
    final int switchLock;
    final List<TaskletInfo> tasklets;
    final List<IrqThreadInfo> irqThreads;
    final int taskWorkRunBlock;
    /** ksoftirqd/N's loop (smpboot_thread_fn()): run_ksoftirqd() while softirqs are pending, else sleep. */
    final int ksoftirqdBlock;

    Program(Scenario scenario, List<CodeBlock> blocks, List<LockInfo> locks, int[] cpuLock, List<RefDecl> refs,
            List<Integer> refReleaseBlocks, List<TaskInfo> tasks, List<SoftirqVector> softirqs,
            List<InterruptDecl> interrupts, List<Integer> interruptTargets, ZswapCode zswap,
            List<TimerInfo> timers, int hrtimerInterruptBlock, List<WorkInfo> works, List<WorkqueueInfo> workqueues,
            int zswapReleaseWork, int workerBlock, int unboundWorkerBlock, int rcuoBlock, int rcuDoBatchBlock, int switchToAtomicRcuBlock,
            int switchUnlockBlock, int putUnlockBlock, List<TaskletInfo> tasklets, List<IrqThreadInfo> irqThreads, int taskWorkRunBlock, int ksoftirqdBlock) {
        this.scenario = scenario;
        this.blocks = List.copyOf(blocks);
        this.locks = List.copyOf(locks);
        this.opTexts = this.blocks.stream()
                .map(b -> b.insns().stream().map(insn -> Executor.describe(this, insn)).toArray(String[]::new))
                .toList();
        this.refs = List.copyOf(refs);
        this.refReleaseBlocks = List.copyOf(refReleaseBlocks);
        this.tasks = List.copyOf(tasks);
        this.softirqs = softirqs;
        this.interrupts = List.copyOf(interrupts);
        this.interruptTargets = List.copyOf(interruptTargets);
        this.zswap = zswap;
        this.cpuLock = cpuLock.clone();
        this.lockCpu = new int[this.locks.size()];
        java.util.Arrays.fill(lockCpu, -1);
        for (int c = 0; c < cpuLock.length; c++) {
            if (cpuLock[c] >= 0) {
                lockCpu[cpuLock[c]] = c;
            }
        }
        this.timers = List.copyOf(timers);
        this.hrtimerBase = (int) timers.stream().filter(t -> !t.hrtimer()).count();
        long global = 0;
        for (int i = 0; i < this.timers.size(); i++) {
            global |= this.timers.get(i).global() ? 1L << i : 0;
        }
        this.globalTimers = global;
        this.hrtimerInterruptBlock = hrtimerInterruptBlock;
        this.works = List.copyOf(works);
        this.workqueues = List.copyOf(workqueues);
        this.zswapReleaseWork = zswapReleaseWork;
        this.workerBlock = workerBlock;
        this.unboundWorkerBlock = unboundWorkerBlock;
        this.rcuoBlock = rcuoBlock;
        this.rcuDoBatchBlock = rcuDoBatchBlock;
        this.switchToAtomicRcuBlock = switchToAtomicRcuBlock;
        this.switchUnlockBlock = switchUnlockBlock;
        this.putUnlockBlock = putUnlockBlock;
        this.switchLock = this.locks.stream().map(LockInfo::name).toList().indexOf(Refcounts.SWITCH_LOCK);
        this.tasklets = List.copyOf(tasklets);
        this.irqThreads = List.copyOf(irqThreads);
        this.taskWorkRunBlock = taskWorkRunBlock;
        this.ksoftirqdBlock = ksoftirqdBlock;
    }

    /** The timers of this mode, as a mask of the timer base's bits. */
    long timerMask(TimerMode mode) {
        long mask = 0;
        for (int i = 0; i < timers.size(); i++) {
            if (timers.get(i).mode() == mode) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    CodeBlock block(int id) {
        return blocks.get(id);
    }

    /** Instruction {@code pc} of block {@code id} as the trace shows it. */
    String opText(int id, int pc) {
        return opTexts.get(id)[pc];
    }

    int cpus() {
        return scenario.cpus();
    }

    /**
     * Can a timer run remotely here: another CPU than the one it is queued on expires it (v6.9's
     * timer migration, kernel/time/timer_migration.c)? Only with a global timer and a second CPU.
     */
    boolean tmigr() {
        return globalTimers != 0 && cpus() > 1;
    }

    boolean offloadedCallbacks() {
        return scenario.rcu() == zswapsim.scenario.RcuConfig.OFFLOADED;
    }
}
