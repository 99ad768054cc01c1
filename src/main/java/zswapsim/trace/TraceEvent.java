package zswapsim.trace;

import java.util.List;

/**
 * One thing that happened in a run, in order. {@code cpu} is -1 for machine-wide events (a grace
 * period starting) and for messages to actors other than CPUs. {@code context} names what ran
 * ("task sysfs-writer", "softirq RCU_SOFTIRQ", "hardirq timer"), {@code depth} its nesting (0
 * task, 1 first interrupt, 2 second). {@code chain} is the call chain, innermost first; {@code
 * held} the locks held by the contexts running on the CPU after the event; {@code changes} what
 * the event changed ("bh 0->1", "zswap_pools_lock taken"); {@code cpuState} a one-line picture
 * of the CPU after it, and {@code snapshot} the same as data, with every task of the CPU.
 * {@code rcu} (grace periods, queued callbacks) and {@code refs} (one line per refcount) describe
 * the machine after the event's step; they are null when the step did not change them, so a
 * viewer carries the last ones forward. {@code gp} is the grace period a gp-start, gp-end or qs
 * event is about (else -1); {@code message} is set on {@code msg} events only.
 *
 * @param kind one of: op, spin, switch, hardirq-enter, hardirq-exit, softirq-enter, softirq-exit,
 *             gp-start, qs, gp-end, callback, warn, lockdep, deadlock, msg
 */
public record TraceEvent(int step, int cpu, String context, int depth, String kind, String text,
                         String where, List<String> chain, List<String> held, List<String> changes,
                         String cpuState, String rcu, List<String> refs, CpuSnapshot snapshot, long gp,
                         MessageInfo message) {

    /** A machine-wide event: a grace period starting or ending. */
    public static TraceEvent global(int step, String kind, String text, long gp, List<String> changes) {
        return new TraceEvent(step, -1, "rcu", 0, kind, text, "", List.of(), List.of(), changes, "", null, null, null,
                gp, null);
    }

    /**
     * A delivered message ({@code cpu}: the receiving CPU, or -1): {@code changes} is what the
     * receiver did with it; {@code snapshot} the receiving CPU after it (null for other actors).
     */
    public static TraceEvent message(int step, int cpu, MessageInfo message, String text, List<String> changes,
                                     CpuSnapshot snapshot) {
        return new TraceEvent(step, cpu, message.to(), 0, "msg", text, "", List.of(), List.of(), changes, "", null, null,
                snapshot, -1, message);
    }

    public boolean isMessage() {
        return message != null;
    }

    /** The same event with the machine-wide state attached. */
    public TraceEvent withMachineState(String newRcu, List<String> newRefs) {
        return new TraceEvent(step, cpu, context, depth, kind, text, where, chain, held, changes, cpuState, newRcu,
                newRefs, snapshot, gp, message);
    }

    /** The same event with an equal snapshot (one whose parts are shared with other events'). */
    public TraceEvent withSnapshot(CpuSnapshot newSnapshot) {
        return new TraceEvent(step, cpu, context, depth, kind, text, where, chain, held, changes, cpuState, rcu,
                refs, newSnapshot, gp, message);
    }

    /** The same event with other changes (the text listing folds a step's messages into its line). */
    public TraceEvent withChanges(List<String> newChanges) {
        return new TraceEvent(step, cpu, context, depth, kind, text, where, chain, held, newChanges, cpuState, rcu,
                refs, snapshot, gp, message);
    }
}
