package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bundled scenario, end to end through the CLI: it runs, and `check` confirms its expect: block. */
class BundledScenariosTest {
    static Stream<String> bundled() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("scenarios"))) {
            List<String> all = files.filter(p -> p.toString().endsWith(".yaml")).map(Path::toString).sorted().toList();
            return all.stream();
        }
    }

    /** `check FILE --json` verifies the scenario's expectation, completely, with exit status 0. */
    @ParameterizedTest
    @MethodSource("bundled")
    void check_bundledScenario_expectationHolds(String file) {
        Cli r = Cli.run("check", file, "--json");
        assertThat(r.err()).as("only progress lines, no errors").doesNotContain("zswapsim:");
        assertThat(r.out()).contains("\"complete\":true").contains("\"ok\":true");
        assertThat(r.status()).isZero();
    }

    /** `run FILE --json` prints exactly one JSON line with the contract's fields. */
    @ParameterizedTest
    @MethodSource("bundled")
    void run_bundledScenario_printsOneJsonLine(String file) {
        Cli r = Cli.run("run", file, "--json", "--seed", "3");
        assertThat(r.status()).isZero();
        assertThat(r.out().lines()).hasSize(1);
        assertThat(r.out()).startsWith("{\"file\":\"" + file + "\"").contains("\"outcome\":").contains("\"schedule\":");
    }
}
