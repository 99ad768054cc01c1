package zswapsim.explore;

import java.util.List;
import zswapsim.kernel.Deadlock;
import zswapsim.kernel.Move;

/**
 * What the exhaustive search found. {@code counterexample} is a shortest schedule that deadlocks
 * (empty if none); {@code complete} is false when a bound cut the search, and then the absence
 * of a deadlock or of a lockdep kind proves nothing.
 */
public record CheckResult(double schedules, long states, long transitions, int depth, boolean deadlockPossible,
                          List<String> lockdepKinds, boolean complete, List<Move> counterexample,
                          Deadlock counterexampleDeadlock, CutReason cutBy, int preemptionBound) {

    /**
     * The chance that two distinct states shared a 64-bit fingerprint, so that one was never
     * expanded: at most states x transitions / 2^64 (as TLC estimates it). A "never" is that sure.
     */
    public double collisionProbability() {
        return Math.min(1.0, (double) states * (double) transitions / 0x1p64);
    }

    /**
     * The JSON {@code deadlock} field keeps the format's values (possible, never, unknown): a
     * search the preemption bound cut is "unknown", its "never within K" said by other fields.
     */
    public String deadlockField() {
        return cutBy == CutReason.PREEMPTION_BOUND && !deadlockPossible ? "unknown" : deadlockVerdict();
    }

    /**
     * "possible", "never", "never within K preemptions" when only the preemption bound cut
     * schedules, or "unknown" when another bound cut the search before finding one.
     */
    public String deadlockVerdict() {
        if (deadlockPossible) {
            return "possible";
        }
        if (complete) {
            return "never";
        }
        return cutBy == CutReason.PREEMPTION_BOUND ? "never within " + preemptionBound + (preemptionBound == 1 ? " preemption" : " preemptions") : "unknown";
    }
}
