package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The new keys and ops from the command line: bad input exits 2 with one line; explain knows the new kind. */
class DeferredWorkCliTest {
    @TempDir
    Path dir;

    private Cli on(String command, String yaml) throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, yaml);
        return Cli.run(command, f.toString());
    }

    private static void assertBadInput(Cli r, String position, String phrase) {
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("bad.yaml:" + position + ": ").contains(phrase).doesNotContain("Exception");
    }

    private static final String SOFTIRQ = """
            scenario: x
            cpus: 1
            handlers:
              rx: [ { note: rx } ]
            tasks:
              - cpu: 0
                run: [ kmalloc: GFP_KERNEL ]
            interrupts:
              - softirq: rx
                vector: NET_RXX
            """;

    /** An unknown vector under run and check: exit 2, file:line:col, the field. */
    @Test
    void unknownVector_exit2WithPosition() throws IOException {
        assertBadInput(on("run", SOFTIRQ), "10:13", "interrupts[0].vector: unknown softirq vector 'NET_RXX'");
        assertBadInput(on("check", SOFTIRQ), "10:13", "unknown softirq vector");
    }

    /** An unknown GFP flag: exit 2 at the flag. */
    @Test
    void unknownGfpFlag_exit2WithPosition() throws IOException {
        assertBadInput(on("run", SOFTIRQ.replace("NET_RXX", "NET_RX").replace("GFP_KERNEL", "GFP_KERNAL")), "7:21",
                "unknown GFP flag 'GFP_KERNAL'");
    }

    /** explain lockdep-assert-held starts with the WARN headline and lists the lesson showing it. */
    @Test
    void explain_lockdepAssertHeld_showsTheWarnAndItsLesson() {
        Cli r = Cli.run("explain", "lockdep-assert-held");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("WARNING: CPU: N PID: P at FILE:LINE (lockdep_assert_held)")
                .contains("scenarios/lockdep/31-lockdep-assert-held.yaml");
    }
}
