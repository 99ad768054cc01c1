package zswapsim.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * The differential test as a property over lists of generator choices
 * ({@link RandomScenarios#generate(List)}): the reduced and unreduced searches agree. A failing
 * list is shrunk ({@link ChoiceShrinker}) to a small one that still fails, and the failure prints
 * that smallest scenario. The lists come from fixed seeds, so CI sees the same 150 scenarios.
 */
class ReductionPropertyTest {
    private static final int TRIES = 150;

    @TestFactory
    Stream<DynamicTest> choices_reducedAndUnreduced_sameVerdicts() {
        return IntStream.rangeClosed(1, TRIES).mapToObj(t -> DynamicTest.dynamicTest("try " + t, () -> {
            List<Integer> choices = choices(new SplittableRandom(20261201L + t));
            if (disagree(choices)) {
                List<Integer> smallest = ChoiceShrinker.shrink(choices, ReductionPropertyTest::disagree);
                try {
                    check(smallest);
                } catch (AssertionError e) {
                    fail("reductions disagree; shrunk from " + choices.size() + " choices to " + smallest + ":\n"
                            + RandomScenarios.generate(smallest), e);
                }
            }
        }));
    }

    /** The shrinker finds the smallest list a failure needs: here, "the scenario has a mutex and 2+ CPUs". */
    @Test
    void shrink_keepsTheFailure_andDropsTheRest() {
        Predicate<List<Integer>> fails = c -> {
            String yaml = RandomScenarios.generate(c);
            return yaml.contains("mutex_lock") && !yaml.contains("cpus: 1\n");
        };
        List<Integer> start = null;
        for (int seed = 1; start == null; seed++) {
            List<Integer> c = choices(new SplittableRandom(seed));
            if (fails.test(c) && c.size() > 20) {
                start = c;
            }
        }
        List<Integer> smallest = ChoiceShrinker.shrink(start, fails);
        assertThat(fails.test(smallest)).isTrue();
        assertThat(smallest.size()).isLessThan(start.size());
        assertThat(smallest).allMatch(v -> v <= 4);
        assertThat(RandomScenarios.generate(smallest)).contains("cpus: 2\n").contains("mutex_lock");
    }

    private static List<Integer> choices(SplittableRandom rnd) {
        int n = rnd.nextInt(61);
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(rnd.nextInt(100));
        }
        return out;
    }

    private static void check(List<Integer> choices) {
        ReductionDifferentialTest.compare(RandomScenarios.generate(choices), "choices", CheckOptions.defaults());
    }

    /** Does the list give a scenario whose reduced and unreduced verdicts differ (both searches complete)? */
    private static boolean disagree(List<Integer> choices) {
        try {
            check(choices);
            return false;
        } catch (TestAbortedException overTheBound) {
            return false;
        } catch (AssertionError e) {
            return true;
        }
    }
}
