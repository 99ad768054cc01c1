package zswapsim.trace;

import java.util.List;

/**
 * One CPU after an event, as data: the contexts on it, innermost last (the running task's, then
 * the interrupts above it; empty when idle), its counts, the pending softirq vectors, and every
 * task bound to it, running or not. Held locks and waits belong to the context or task that has
 * them, wherever it is.
 */
public record CpuSnapshot(List<ContextSnapshot> stack, int preempt, int bh, boolean irqsOff, List<String> pending,
                          List<TaskSnapshot> tasks) {

    /**
     * A context on the CPU: {@code kind} task, softirq or hardirq; the locks it holds ("A",
     * "R (read)"); what it waits on ("spin A", "mutex M", "grace period 2", or null) and since which step.
     */
    public record ContextSnapshot(String kind, String label, List<String> holds, String waitsOn, int since) {
    }

    /** A task bound to the CPU: {@code state} running, runnable, sleeping or exited; its held locks and wait. */
    public record TaskSnapshot(String comm, int pid, String state, List<String> holds, String waitsOn, int since) {
    }
}
