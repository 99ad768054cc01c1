package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command's --help prints its usage and --version the version, exit 0, and picocli prints no warning. */
class HelpTest {
    /** --help of each command (a '%' left unescaped in a description makes picocli warn on System.err). */
    @ParameterizedTest
    @ValueSource(strings = {"run", "check", "explore", "report", "explain", "play", "bench"})
    void help_eachCommand_usageWithoutWarnings(String command) {
        PrintStream saved = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        Cli r;
        try {
            r = Cli.run(command, "--help");
        } finally {
            System.setErr(saved);
        }
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Usage: zswapsim " + command);
        assertThat(r.err()).isEmpty();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(r.out().lines()).allMatch(l -> l.length() <= 80);
    }

    /** Before: `zswapsim run --version` (any command's) printed nothing, though its --help lists -V, --version. */
    @ParameterizedTest
    @ValueSource(strings = {"run", "check", "explore", "report", "explain", "play", "bench"})
    void version_eachCommand_printsTheVersion(String command) {
        Cli r = Cli.run(command, "--version");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("zswapsim " + Main.VERSION + "\n");
    }
}
