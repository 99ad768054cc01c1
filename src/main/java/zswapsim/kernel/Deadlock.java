package zswapsim.kernel;

import java.util.List;

/**
 * How a run deadlocked. {@code kind}: "self" (a context spins on a lock its own CPU holds),
 * "cycle" (a wait-for cycle across CPUs or tasks), "stall" (everything left waits for something
 * that can no longer happen). {@code explanation} says it in kernel words.
 */
public record Deadlock(String kind, List<Integer> cpus, List<String> locks, String explanation) {
}
