package zswapsim.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import zswapsim.explore.CheckOptions;
import zswapsim.explore.CheckResult;
import zswapsim.explore.Checker;
import zswapsim.kernel.Kernel;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioLoader;

/**
 * The incident corpus (src/test/resources/incidents): real-kernel-shaped bugs and their fixes,
 * each with the kernel's verdict in {@code expect:}, derived from kernel semantics. Every file
 * outside {@code open/} must reach it over every schedule; {@code open/} holds the files whose
 * verdict the model does not reach yet (listed in FINDINGS.md) and is not asserted.
 */
class IncidentsTest {
    private static final Path ROOT = Path.of("src/test/resources/incidents");
    private static final Path OPEN = ROOT.resolve("open");

    private static List<Path> files(Path dir, boolean recursive) throws IOException {
        try (Stream<Path> walk = recursive ? Files.walk(dir) : Files.list(dir)) {
            return walk.filter(p -> p.toString().endsWith(".yaml")).filter(p -> recursive || !p.startsWith(OPEN))
                    .sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> incident_checkedExhaustively_reachesTheKernelsVerdict() throws IOException {
        List<Path> files = files(ROOT, false);
        assertThat(files).as("incident files").hasSizeGreaterThanOrEqualTo(28);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> check(f)));
    }

    /** Every incident names what it mirrors and states a full verdict, open ones included. */
    @Test
    void everyIncident_hasAboutAndFullExpectation() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (Path f : files(ROOT, true)) {
            Scenario s = ScenarioLoader.load(f);
            softly.assertThat(s.about()).as("%s: about:", f).isNotBlank();
            softly.assertThat(s.expect().deadlock()).as("%s: expect.deadlock", f).isNotNull();
            softly.assertThat(s.expect().lockdep()).as("%s: expect.lockdep", f).isNotNull();
        }
        softly.assertAll();
    }

    private static void check(Path file) {
        Scenario s = ScenarioLoader.load(file);
        CheckResult r = new Checker(Kernel.of(s), CheckOptions.defaults().withMaxStates(1_000_000), null).check();
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(r.complete()).as("%s: search complete (cut by %s)", file, r.cutBy()).isTrue();
        softly.assertThat(r.deadlockVerdict()).as("%s: deadlock verdict", file).isEqualTo(s.expect().deadlock());
        softly.assertThat(r.lockdepKinds()).as("%s: lockdep report kinds", file)
                .isEqualTo(s.expect().lockdep().stream().sorted().toList());
        softly.assertAll();
    }
}
