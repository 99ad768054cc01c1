package zswapsim.explore;

import zswapsim.sim.RunResult;
import zswapsim.sim.RunLoop;
import zswapsim.sim.ReplayScheduler;
import zswapsim.sim.SeededScheduler;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import zswapsim.kernel.Kernel;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioLoader;

/** The exhaustive checker: verdicts, shortest counterexamples, bounds, and the reduction's soundness. */
class CheckerTest {
    static Stream<Path> bundled() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("scenarios"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    private static CheckResult check(Scenario s, boolean reduction) {
        return new Checker(Kernel.of(s), 2_000_000, 10_000, reduction, null).check();
    }

    /** Turning the partial-order reduction off changes no verdict on any bundled scenario. */
    @ParameterizedTest
    @MethodSource("bundled")
    void check_withAndWithoutReduction_sameVerdicts(Path file) {
        Scenario s = ScenarioLoader.load(file);
        CheckResult reduced = check(s, true);
        CheckResult full = check(s, false);
        assertThat(full.deadlockVerdict()).isEqualTo(reduced.deadlockVerdict());
        assertThat(full.lockdepKinds()).isEqualTo(reduced.lockdepKinds());
        assertThat(full.counterexample().isEmpty()).isEqualTo(reduced.counterexample().isEmpty());
        assertThat(reduced.states()).isLessThanOrEqualTo(full.states());
    }

    /** The shortest counterexample of the pre-fix zswap replays, move by move, to the same self deadlock. */
    @Test
    void counterexample_percpuRef_replaysToSelfDeadlock() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/zswap/percpu-ref.yaml"));
        CheckResult r = check(s, true);
        assertThat(r.deadlockVerdict()).isEqualTo("possible");
        RunResult replay = new RunLoop(Kernel.of(s), new ReplayScheduler("cex", r.counterexample(),
                new SeededScheduler(1)), 1, 10_000, false).runToEnd();
        assertThat(replay.outcome()).isEqualTo(zswapsim.sim.Outcome.DEADLOCK);
        assertThat(replay.steps()).isEqualTo(r.counterexample().size());
        assertThat(replay.deadlock().kind().text()).isEqualTo("self");
        assertThat(replay.deadlock().locks()).containsExactly("zswap_pools_lock");
    }

    /** A search cut by --max-states is incomplete and never claims "never". */
    @Test
    void check_cutByMaxStates_isIncompleteAndUnknown() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/zswap/percpu-ref-bh-fix.yaml"));
        CheckResult r = new Checker(Kernel.of(s), 100, 10_000, true, null).check();
        assertThat(r.complete()).isFalse();
        assertThat(r.cutBy()).isEqualTo(CutReason.MAX_STATES);
        assertThat(r.deadlockVerdict()).isEqualTo("unknown");
    }

    /** A search cut by --max-depth is incomplete too. */
    @Test
    void check_cutByMaxDepth_isIncomplete() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/zswap/kref.yaml"));
        CheckResult r = new Checker(Kernel.of(s), 2_000_000, 5, true, null).check();
        assertThat(r.complete()).isFalse();
        assertThat(r.cutBy()).isEqualTo(CutReason.MAX_DEPTH);
    }
}
