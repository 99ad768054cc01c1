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
                          Deadlock counterexampleDeadlock, CutReason cutBy) {

    /** "possible", "never", or "unknown" when the search was cut before finding one. */
    public String deadlockVerdict() {
        return deadlockPossible ? "possible" : complete ? "never" : "unknown";
    }
}
