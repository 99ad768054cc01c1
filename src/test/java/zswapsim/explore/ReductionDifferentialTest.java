package zswapsim.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import zswapsim.kernel.Kernel;
import zswapsim.scenario.ScenarioLoader;
import zswapsim.sim.Outcome;
import zswapsim.sim.ReplayScheduler;
import zswapsim.sim.RunLoop;
import zswapsim.sim.RunResult;
import zswapsim.sim.SeededScheduler;

/**
 * The checker's reductions keep every verdict: on 300 seeded random scenarios, the reduced
 * search (with and without sleep sets) and {@code --no-reduction} give the same deadlock verdict
 * and lockdep kinds, and every counterexample replays to a deadlock; 150 more with
 * interchangeable CPUs test the symmetry reduction (alone, with the partial-order reduction, and
 * with sleep sets too) the same way, and 40 of both kinds whose first task raises a softirq from task
 * context first, so that ksoftirqd/N wakes and competes with the tasks (searched to a lower bound: the
 * extra task multiplies the states). A failure names the seed and prints the scenario. (At the last count a
 * few exceed the search bound and are skipped, reported as such.)
 */
class ReductionDifferentialTest {
    private static final int SCENARIOS = 300;

    private static final int SYMMETRIC_SCENARIOS = 150;

    private static final int KSOFTIRQD_SCENARIOS = 20;
    private static final int KSOFTIRQD_MAX_STATES = 15_000;
    private static final int MAX_STATES = 100_000;

    @TestFactory
    Stream<DynamicTest> randomScenario_reducedAndUnreduced_sameVerdicts() {
        return LongStream.rangeClosed(1, SCENARIOS).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed,
                () -> {
                    String yaml = RandomScenarios.generate(seed);
                    compare(yaml, "random-" + seed, CheckOptions.defaults());
                    compare(yaml, "random-" + seed, CheckOptions.defaults().withSleepSets(true));
                }));
    }

    /** With interchangeable CPUs: symmetry alone, and every reduction, against none. */
    @TestFactory
    Stream<DynamicTest> symmetricScenario_reducedAndUnreduced_sameVerdicts() {
        return LongStream.rangeClosed(1, SYMMETRIC_SCENARIOS).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            String yaml = RandomScenarios.generateSymmetric(seed);
            compare(yaml, "symmetric-" + seed, CheckOptions.defaults().withLocalSteps(false));
            compare(yaml, "symmetric-" + seed, CheckOptions.defaults());
            compare(yaml, "symmetric-" + seed, CheckOptions.defaults().withSleepSets(true));
        }));
    }

    /** The first task starts with raise_softirq() from task context: ksoftirqd/0 wakes. */
    @TestFactory
    Stream<DynamicTest> ksoftirqdScenario_reducedAndUnreduced_sameVerdicts() {
        return LongStream.rangeClosed(1, KSOFTIRQD_SCENARIOS).boxed().flatMap(seed -> Stream.of(
                DynamicTest.dynamicTest("seed " + seed, () -> compare(raisingFirst(RandomScenarios.generate(seed)),
                        "raising-" + seed, CheckOptions.defaults(), KSOFTIRQD_MAX_STATES)),
                DynamicTest.dynamicTest("symmetric seed " + seed, () -> compare(raisingFirst(
                        RandomScenarios.generateSymmetric(seed)), "raising-symmetric-" + seed, CheckOptions.defaults(),
                        KSOFTIRQD_MAX_STATES))));
    }

    /** The scenario with a softirq handler {@code sirq} (takes A) that its first task raises first. */
    private static String raisingFirst(String yaml) {
        return yaml.replace("handlers:\n", "handlers:\n  sirq: [ { spin_lock: A }, { spin_unlock: A } ]\n")
                .replaceFirst("run: \\[ ", "run: [ { raise_softirq: sirq }, ");
    }

    static void compare(String yaml, String name, CheckOptions reducedBy) {
        compare(yaml, name, reducedBy, MAX_STATES);
    }

    /**
     * The reduced search ({@code reducedBy}) and the unreduced one agree on {@code yaml}, and their
     * counterexamples replay; skipped (an assumption) if either search is over the bound.
     */
    private static void compare(String yaml, String name, CheckOptions reducedBy, int maxStates) {
        Kernel kernel = Kernel.of(ScenarioLoader.parse(name + ".yaml", yaml));
        CheckResult reduced = new Checker(kernel, reducedBy.withMaxStates(maxStates), null).check();
        CheckResult full = new Checker(kernel, reducedBy.withMaxStates(maxStates).unreduced(), null).check();
        // A few scenarios are too big to search twice here; their verdicts are not compared.
        assumeTrue(reduced.complete() && full.complete(), "both searches complete");
        assertThat(reduced.deadlockVerdict()).as("deadlock verdict of\n%s", yaml).isEqualTo(full.deadlockVerdict());
        assertThat(reduced.lockdepKinds()).as("lockdep kinds of\n%s", yaml).isEqualTo(full.lockdepKinds());
        assertThat(reduced.states()).isLessThanOrEqualTo(full.states());
        for (CheckResult r : new CheckResult[] {reduced, full}) {
            if (r.deadlockPossible()) {
                RunResult replay = new RunLoop(kernel, new ReplayScheduler("counterexample", r.counterexample(),
                        new SeededScheduler(1)), 1, 10_000, false).runToEnd();
                assertThat(replay.outcome()).as("counterexample %s of\n%s", r.counterexample(), yaml)
                        .isEqualTo(Outcome.DEADLOCK);
                assertThat(replay.steps()).isEqualTo(r.counterexample().size());
            }
        }
        // Symmetry keeps shortest counterexamples shortest; taking local steps first may lengthen them.
        if (reduced.deadlockPossible() && !reducedBy.localSteps()) {
            assertThat(reduced.counterexample()).as("shortest counterexample of\n%s", yaml)
                    .hasSameSizeAs(full.counterexample());
        }
    }
}
