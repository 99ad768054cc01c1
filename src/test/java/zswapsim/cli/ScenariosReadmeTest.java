package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import zswapsim.explore.CheckOptions;
import zswapsim.explore.CheckResult;
import zswapsim.explore.Checker;
import zswapsim.kernel.Kernel;
import zswapsim.scenario.Expect;
import zswapsim.scenario.ScenarioLoader;

/**
 * scenarios/README.md lists every bundled scenario with the verdict its expect: block (checked
 * elsewhere) states, and the states and shortest deadlock that check finds.
 */
class ScenariosReadmeTest {
    static Stream<Path> bundled() throws IOException {
        return BundledScenariosTest.bundled().map(Path::of);
    }

    /** The scenario's row names its deadlock verdict and exactly its lockdep kinds. */
    @ParameterizedTest
    @MethodSource("bundled")
    void readme_listsScenarioWithItsVerdict(Path file) throws IOException {
        String readme = Files.readString(Path.of("scenarios/README.md"));
        Expect e = ScenarioLoader.load(file).expect();
        String name = Path.of("scenarios").relativize(file).toString();
        String row = readme.lines().filter(l -> l.startsWith("| `" + name + "`")).findFirst().orElse("");
        String kinds = e.lockdep().isEmpty() ? "none" : String.join(", ", e.lockdep());
        assertThat(row).as(name).contains("| " + e.deadlock() + " | " + kinds + " |");
        CheckResult r = new Checker(Kernel.of(ScenarioLoader.load(file)), CheckOptions.defaults(), null).check();
        String shortest = r.deadlockPossible() ? Integer.toString(r.counterexample().size()) : "-";
        assertThat(row).as(name + ": states and shortest deadlock").endsWith("| " + r.states() + " | " + shortest + " |");
    }
}
