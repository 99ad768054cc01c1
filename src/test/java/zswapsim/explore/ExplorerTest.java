package zswapsim.explore;

import zswapsim.kernel.Deadlock;
import zswapsim.sim.Outcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import zswapsim.kernel.Kernel;
import zswapsim.scenario.ScenarioLoader;

/** explore's pool of actor workers: results depend on the seeds only, and agree with single runs. */
class ExplorerTest {
    private static final Kernel BUG = Kernel.of(ScenarioLoader.load(Path.of("scenarios/zswap/percpu-ref.yaml")));

    /** One worker or three: the same summaries, in seed order. */
    @Test
    void explore_workerCount_doesNotChangeResults() {
        List<RunSummary> one = Explorer.explore(BUG, 1, 150, 10_000, 1);
        List<RunSummary> three = Explorer.explore(BUG, 1, 150, 10_000, 3);
        assertThat(three).isEqualTo(one);
        assertThat(one).extracting(RunSummary::seed).isSorted().hasSize(150);
    }

    /** A seed's summary is the run that `run --seed` shows (seed 129 deadlocks, seed 1 completes with a report). */
    @Test
    void explore_seed_matchesSingleRun() {
        List<RunSummary> runs = Explorer.explore(BUG, 1, 129, 10_000, 2);
        assertThat(runs.get(128).deadlocked()).isTrue();
        assertThat(runs.get(128).deadlockKind()).isEqualTo(Deadlock.Kind.SELF);
        assertThat(runs.get(3).deadlocked()).isFalse();
        assertThat(runs.get(0).outcome()).isEqualTo(zswapsim.sim.Outcome.COMPLETED);
        assertThat(runs.get(0).lockdepKinds()).containsExactly("inconsistent-lock-state");
    }

    /** The statistics: a Wilson interval around the rate, steps only over deadlocking runs. */
    @Test
    void stats_knownSample_wilsonIntervalAndSteps() {
        List<RunSummary> sample = List.of(
                new RunSummary(1, Outcome.DEADLOCK, 10, Deadlock.Kind.SELF, List.of()),
                new RunSummary(2, Outcome.COMPLETED, 50, null, List.of("inconsistent-lock-state")),
                new RunSummary(3, Outcome.DEADLOCK, 20, Deadlock.Kind.SELF, List.of("inconsistent-lock-state")),
                new RunSummary(4, Outcome.COMPLETED, 40, null, List.of()));
        ExploreStats st = ExploreStats.of(sample);
        assertThat(st.deadlockRate()).isEqualTo(0.5);
        assertThat(st.ciLow()).isBetween(0.14, 0.16);
        assertThat(st.ciHigh()).isBetween(0.84, 0.86);
        assertThat(st.stepsMean()).isEqualTo(15.0);
        assertThat(st.firstDeadlockSeed()).isEqualTo(1L);
        assertThat(st.lockdepRate()).isEqualTo(0.5);
    }
}
