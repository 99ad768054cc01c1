package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fixed seeds give fixed runs: the text output of `run` must match the golden file byte for byte.
 * After an intended change, regenerate with {@code mvn test -Dtest=GoldenTraceTest -Dgolden.update=true}
 * and review the diff.
 */
class GoldenTraceTest {
    /** The bug deadlocks in the RCU softirq (seed 129); the bh fix runs the callback at spin_unlock_bh (seed 4). */
    @ParameterizedTest
    @CsvSource({"percpu-ref, 129", "percpu-ref-bh-fix, 4", "percpu-ref-irq-fix, 4", "kref, 4"})
    void run_fixedSeed_matchesGolden(String scenario, long seed) throws IOException {
        Cli r = Cli.run("run", "scenarios/zswap/" + scenario + ".yaml", "--seed", Long.toString(seed));
        Path golden = Path.of("src/test/resources/golden", scenario + "-seed" + seed + ".txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, r.out());
        }
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(golden));
    }
}
