package zswapsim.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import zswapsim.explore.CheckOptions;
import zswapsim.explore.CheckResult;
import zswapsim.explore.Checker;
import zswapsim.kernel.Kernel;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioLoader;

/** The kernel's lockdep selftests (lib/locking-selftest.c) as scenarios: zswap-sim must reach the kernel's verdict on each. */
class LockingSelftestTest {

    /** Where the scenario files live on the test classpath (src/test/resources/selftest). */
    private static final String ROOT = "/selftest";

    /** The line of each file's {@code about:} that records the selftest's dotest() expectation. */
    private static final Pattern KERNEL_VERDICT =
            Pattern.compile("^Kernel verdict: (SUCCESS|FAILURE)\\s*$", Pattern.MULTILINE);

    /** One test per scenario file, named by its group and file (selftest case and column), checked over every schedule. */
    @TestFactory
    Stream<DynamicTest> selftestScenario_checkedExhaustively_matchesKernelVerdictAndExpectation() throws IOException {
        Path root = resourceRoot();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("scenario files under %s", root).isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(
                root.relativize(f).toString().replace('\\', '/').replaceFirst("\\.yaml$", ""),
                f.toUri(), () -> checkAgainstKernel(f)));
    }

    /** Loads one file, explores every schedule in-process and compares with the kernel verdict and {@code expect:}. */
    private static void checkAgainstKernel(Path file) {
        Scenario s = ScenarioLoader.load(file);
        Matcher verdict = KERNEL_VERDICT.matcher(s.about() == null ? "" : s.about());
        assertThat(verdict.find()).as("%s: about: must state 'Kernel verdict: SUCCESS|FAILURE'", file).isTrue();
        boolean kernelFailure = verdict.group(1).equals("FAILURE");
        assertThat(s.expect().lockdep()).as("%s: expect.lockdep", file).isNotNull();
        assertThat(s.expect().deadlock()).as("%s: expect.deadlock", file).isNotNull();

        CheckResult r = new Checker(Kernel.of(s), CheckOptions.defaults().withMaxStates(1_000_000), null).check();

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(r.complete()).as("%s: search complete (cut by %s)", s.name(), r.cutBy()).isTrue();
        softly.assertThat(!s.expect().lockdep().isEmpty())
                .as("%s: the file's expect.lockdep %s must agree with its kernel verdict %s",
                        s.name(), s.expect().lockdep(), verdict.group(1))
                .isEqualTo(kernelFailure);
        softly.assertThat(!r.lockdepKinds().isEmpty())
                .as("%s: kernel verdict %s, but zswap-sim's lockdep reported %s",
                        s.name(), verdict.group(1), r.lockdepKinds())
                .isEqualTo(kernelFailure);
        softly.assertThat(r.lockdepKinds()).as("%s: lockdep report kinds", s.name())
                .isEqualTo(s.expect().lockdep().stream().sorted().toList());
        softly.assertThat(r.deadlockVerdict()).as("%s: deadlock verdict", s.name())
                .isEqualTo(s.expect().deadlock());
        softly.assertAll();
    }

    /** The selftest directory as a file-system path, from the test classpath. */
    private static Path resourceRoot() {
        URL url = LockingSelftestTest.class.getResource(ROOT);
        assertThat(url).as("classpath resource %s", ROOT).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad resource URL " + url, e);
        }
    }
}
