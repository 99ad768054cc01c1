package zswapsim.report;

import java.util.List;
import zswapsim.sim.RunResult;

/**
 * A run seen over time, derived once from its events' typed fields (snapshots, grace periods,
 * messages) and drawn by both the HTML report and the Perfetto export. Every span is
 * {@code [start, end)} in steps: the state after step {@code start} holds until step {@code end}
 * changes it; whatever is still open when the run stops ends at {@link #end()}, one past the last step.
 *
 * @param contexts     task/softirq/hardirq contexts running on a CPU; {@code level} is the nesting depth (0 task)
 * @param waits        a context spinning or sleeping; {@code level} is its depth, {@code name} what it waits on
 * @param masks        level 0: BH disabled (bh count above 0), level 1: hardirqs disabled
 * @param tasks        every task bound to a CPU, one span per state (running, runnable, sleeping, exited)
 * @param holds        a lock held by a task or an interrupt context, whether it runs or not
 * @param counts       a CPU's preempt and BH counts, at each step they change
 * @param gracePeriods RCU grace periods (cpu -1)
 * @param callbacks    call_rcu() to the callback's invocation, by callback number
 * @param marks        points worth a glance: deadlock, warn, lockdep, qs
 * @param messages     every delivered message, in order
 */
public record Timeline(int cpus, int end, List<Span> contexts, List<Span> waits, List<Span> masks,
                       List<TaskSpan> tasks, List<Hold> holds, List<Count> counts, List<Span> gracePeriods,
                       List<Callback> callbacks, List<Mark> marks, List<Message> messages) {

    /** One bar. Within one (cpu, level) of one kind, spans never overlap and are sorted by start. */
    public record Span(int cpu, int level, String name, int start, int end) {
    }

    /**
     * Task {@code comm} (row {@code row} of its CPU, in order of first sight) in {@code state};
     * {@code waitsOn} what it spins or sleeps on, or null.
     */
    public record TaskSpan(int cpu, int row, String comm, String state, String waitsOn, int start, int end) {
    }

    /**
     * {@code lock} held by {@code holder} ("task ethtool", "softirq RCU_SOFTIRQ"): {@code row} is the
     * task's row, or -1 for an interrupt context at {@code depth}; {@code stripe} packs one holder's locks.
     */
    public record Hold(int cpu, int row, int depth, String holder, String lock, int stripe, int start, int end) {
    }

    /** A CPU's counts from {@code step} on. */
    public record Count(int cpu, int step, int preempt, int bh) {
    }

    /** A queued RCU callback; {@code invokedStep} is -1 when the run ended before it ran. */
    public record Callback(int id, String text, int queuedStep, int queuedCpu, int invokedStep, int invokedCpu) {
    }

    /** A point event; {@code cpu} is -1 when it belongs to no CPU. */
    public record Mark(int step, int cpu, String kind, String text) {
    }

    /** A delivered message between actors ({@code cpu0}, {@code rcu}, {@code lock:NAME}); {@code callback} or -1. */
    public record Message(int step, String from, String to, String msg, int callback, String text) {
    }

    public static Timeline of(RunResult r) {
        return new TimelineBuilder(r.cpus().size()).build(r);
    }

    /** The CPU an actor name denotes ({@code cpu3} is 3), or -1. */
    static int cpuOf(String actor) {
        if (actor == null || !actor.matches("cpu\\d+")) {
            return -1;
        }
        return Integer.parseInt(actor.substring(3));
    }
}
