package zswapsim.explore;

import java.util.List;
import zswapsim.kernel.Deadlock;
import zswapsim.sim.Outcome;
import zswapsim.sim.RunResult;

/** What explore keeps of one seeded run. */
public record RunSummary(long seed, Outcome outcome, int steps, Deadlock.Kind deadlockKind, List<String> lockdepKinds) {

    static RunSummary of(RunResult r) {
        return new RunSummary(r.seed(), r.outcome(), r.steps(), r.deadlock() == null ? null : r.deadlock().kind(),
                r.lockdep().stream().map(l -> l.kind()).distinct().sorted().toList());
    }

    public boolean deadlocked() {
        return outcome == Outcome.DEADLOCK;
    }
}
