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

    private static final String DWORK = """
            scenario: x
            cpus: 1
            handlers:
              poll: [ { note: poll } ]
            works:
              w: { function: poll }
            tasks:
              - cpu: 0
                run: [ cancel_delayed_work_sync: w ]
            """;

    /** A delayed op on a plain work under run and check: exit 2, file:line:col, what the kernel's type needs. */
    @Test
    void delayedOpOnPlainWork_exit2WithPosition() throws IOException {
        assertBadInput(on("run", DWORK), "9:38", "cancel_delayed_work_sync takes a struct delayed_work *, 'w' is a work_struct");
        assertBadInput(on("check", DWORK), "9:38", "declare it in works: with delayed: true");
        assertBadInput(on("run", DWORK.replace("w: { function: poll }", "w: { function: poll, delayed: true }")
                .replace("cancel_delayed_work_sync: w", "cancel_delayed_work_sync: v")), "9:38", "unknown delayed work 'v' (declared: w)");
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
