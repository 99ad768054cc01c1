package zswapsim.trace;

import java.util.List;

/**
 * One thing that happened in a run, in order. {@code cpu} is -1 for machine-wide events (a grace
 * period starting). {@code context} names what ran ("task sysfs-writer", "softirq RCU_SOFTIRQ",
 * "hardirq timer"), {@code depth} its nesting (0 task, 1 first interrupt, 2 second).
 * {@code chain} is the call chain, innermost first; {@code held} the locks held on the CPU
 * after the event; {@code changes} what the event changed ("bh 0->1", "zswap_pools_lock: taken");
 * {@code cpuState} a one-line picture of the CPU after it. {@code rcu} (grace periods, queued
 * callbacks) and {@code refs} (one line per refcount) describe the machine after the event's
 * step; they are null when the step did not change them, so a viewer carries the last ones forward.
 *
 * @param kind one of: op, spin, switch, hardirq-enter, hardirq-exit, softirq-enter, softirq-exit,
 *             gp-start, qs, gp-end, callback, warn, lockdep, deadlock, msg
 * @param from for a {@code msg} event, the actor that sent the message ({@code cpu0}, {@code rcu},
 *             {@code lock:zswap_pools_lock}); null for every other kind
 * @param to   for a {@code msg} event, the actor it was delivered to
 * @param msg  for a {@code msg} event, the message's type ({@code call_rcu}, {@code lock_granted})
 */
public record TraceEvent(int step, int cpu, String context, int depth, String kind, String text,
                         String where, List<String> chain, List<String> held, List<String> changes,
                         String cpuState, String rcu, List<String> refs, String from, String to, String msg) {

    /** An event of a step a context ran, or of the machine (no message). */
    public TraceEvent(int step, int cpu, String context, int depth, String kind, String text,
                      String where, List<String> chain, List<String> held, List<String> changes,
                      String cpuState, String rcu, List<String> refs) {
        this(step, cpu, context, depth, kind, text, where, chain, held, changes, cpuState, rcu, refs, null, null, null);
    }

    /** A delivered message ({@code cpu}: the receiving CPU, or -1): {@code changes} is what the receiver did with it. */
    public static TraceEvent message(int step, int cpu, String from, String to, String msg, String text,
                                     List<String> changes) {
        return new TraceEvent(step, cpu, to, 0, "msg", text, "", List.of(), List.of(), changes, "", null, null,
                from, to, msg);
    }

    public boolean isMessage() {
        return msg != null;
    }

    /** The same event with the machine-wide state attached. */
    public TraceEvent withMachineState(String newRcu, List<String> newRefs) {
        return new TraceEvent(step, cpu, context, depth, kind, text, where, chain, held, changes, cpuState, newRcu,
                newRefs, from, to, msg);
    }
}
