package zswapsim.report;

import java.util.List;
import zswapsim.sim.RunResult;

/**
 * A run seen over time, derived once from its events and drawn by both the HTML report and the
 * Perfetto export. Every span is {@code [start, end)} in steps: the state after step {@code start}
 * holds until step {@code end} changes it; whatever is still open when the run stops ends at
 * {@link #end()}, one past the last step.
 *
 * @param contexts     task/softirq/hardirq contexts; {@code level} is the nesting depth (0 task)
 * @param locks        locks held on a CPU; {@code level} is a free stripe, so a CPU's locks pack tightly
 * @param masks        level 0: BH disabled (bh count above 0), level 1: hardirqs disabled
 * @param gracePeriods RCU grace periods (cpu -1)
 * @param callbacks    call_rcu() to the callback's invocation, by callback number
 * @param marks        points worth a glance: deadlock, warn, spin, lockdep, qs
 */
public record Timeline(int cpus, int end, List<Span> contexts, List<Span> locks, List<Span> masks,
                       List<Span> gracePeriods, List<Callback> callbacks, List<Mark> marks) {

    /** One bar. Within one (cpu, level) of one kind, spans never overlap and are sorted by start. */
    public record Span(int cpu, int level, String name, int start, int end) {
    }

    /** A queued RCU callback; {@code invokedStep} is -1 when the run ended before it ran. */
    public record Callback(int id, String function, int queuedStep, int queuedCpu, int gracePeriod,
                           int invokedStep, int invokedCpu) {
    }

    /** A point event; {@code cpu} is -1 when it belongs to no CPU. */
    public record Mark(int step, int cpu, String kind, String text) {
    }

    public static Timeline of(RunResult r) {
        return new TimelineBuilder(r.cpus().size()).build(r);
    }
}
