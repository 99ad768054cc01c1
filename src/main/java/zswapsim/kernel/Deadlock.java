package zswapsim.kernel;

import java.util.List;

/** How a run deadlocked: its {@link Kind}, the CPUs and locks involved, and an explanation in kernel words. */
public record Deadlock(Kind kind, List<Integer> cpus, List<String> locks, String explanation) {

    /**
     * {@code self}: a context spins on a lock its own CPU holds (or it holds itself); {@code cycle}:
     * a wait-for cycle across CPUs or tasks; {@code stall}: everything left waits for something
     * that can no longer happen. {@link #text()} is the contract name in the JSON.
     */
    public enum Kind {
        SELF, CYCLE, STALL;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public String toString() {
            return text();
        }
    }
}
