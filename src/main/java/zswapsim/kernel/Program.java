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

    record LockInfo(String name, LockType type, String lockClass) {
    }

    record TaskInfo(String comm, int cpu, int block) {
    }

    record SoftirqVector(String name, int block) {
    }

    /** A timer_list: its function's block and its lockdep map's name. */
    record TimerInfo(String name, int block, String map) {
    }

    /** A tasklet_struct: the handler tasklet_schedule: names, and its block. */
    record TaskletInfo(String name, int block) {
    }

    /** A threaded irq's kthread: its comm ({@code irq/N-NAME}), CPU, irq_thread() block and interrupt. */
    record IrqThreadInfo(String comm, int cpu, int block, int interrupt) {
    }

    final Scenario scenario;
    final List<CodeBlock> blocks;
    final List<LockInfo> locks;
    final List<RefDecl> refs;
    final List<Integer> refReleaseBlocks;
    final List<TaskInfo> tasks;
    /** Softirq vectors by number; index {@link #RCU_SOFTIRQ} is RCU's, others are scenario handlers. */
    final List<SoftirqVector> softirqs;
    final List<InterruptDecl> interrupts;
    final List<Integer> interruptTargets;
    final ZswapCode zswap;
    final List<TimerInfo> timers;
    final int workerBlock;
    final int rcuoBlock;
    final int rcuDoBatchBlock;
    final int switchToAtomicRcuBlock;
    final List<TaskletInfo> tasklets;
    final List<IrqThreadInfo> irqThreads;
    final int taskWorkRunBlock;

    Program(Scenario scenario, List<CodeBlock> blocks, List<LockInfo> locks, List<RefDecl> refs,
            List<Integer> refReleaseBlocks, List<TaskInfo> tasks, List<SoftirqVector> softirqs,
            List<InterruptDecl> interrupts, List<Integer> interruptTargets, ZswapCode zswap,
            List<TimerInfo> timers, int workerBlock, int rcuoBlock, int rcuDoBatchBlock, int switchToAtomicRcuBlock,
            List<TaskletInfo> tasklets, List<IrqThreadInfo> irqThreads, int taskWorkRunBlock) {
        this.scenario = scenario;
        this.blocks = List.copyOf(blocks);
        this.locks = List.copyOf(locks);
        this.refs = List.copyOf(refs);
        this.refReleaseBlocks = List.copyOf(refReleaseBlocks);
        this.tasks = List.copyOf(tasks);
        this.softirqs = softirqs;
        this.interrupts = List.copyOf(interrupts);
        this.interruptTargets = List.copyOf(interruptTargets);
        this.zswap = zswap;
        this.timers = List.copyOf(timers);
        this.workerBlock = workerBlock;
        this.rcuoBlock = rcuoBlock;
        this.rcuDoBatchBlock = rcuDoBatchBlock;
        this.switchToAtomicRcuBlock = switchToAtomicRcuBlock;
        this.tasklets = List.copyOf(tasklets);
        this.irqThreads = List.copyOf(irqThreads);
        this.taskWorkRunBlock = taskWorkRunBlock;
    }

    CodeBlock block(int id) {
        return blocks.get(id);
    }

    int cpus() {
        return scenario.cpus();
    }

    boolean offloadedCallbacks() {
        return scenario.rcu() == zswapsim.scenario.RcuConfig.OFFLOADED;
    }
}
