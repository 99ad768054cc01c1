package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text that attacks the terminal or the messages, and valid YAML 1.2 that must be accepted. */
class HostileTextTest {
    private static final String TASKS = "tasks:\n  - cpu: 0\n    run: [preempt_disable, preempt_enable]\n";

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Before: ESC sequences in scenario names reached the terminal raw. */
    @Test
    void escapeSequences_shownNotSent() throws IOException {
        Path f = file("esc.yaml", "scenario: \"x\\e[31mRED\"\ncpus: 1\ntasks:\n  - cpu: 0\n    name: \"t\\e[2J\"\n"
                + "    run: [preempt_disable, {note: \"\\e]0;title\\a\"}, preempt_enable]\n");
        Cli r = Cli.run("run", f.toString());
        assertThat(r.status()).isEqualTo(0);
        assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\u0007")
                .contains("x\\x1b[31mRED").contains("task t\\x1b[2J").contains("\\x1b]0;title\\x07");
        Cli json = Cli.run("run", f.toString(), "--json");
        assertThat(json.out()).doesNotContain("\u001b").contains("x\\u001b[31mRED");
        Cli bad = Cli.run("run", file("bad.yaml", "scenario: x\ncpus: 1\ntasks:\n  - cpu: 0\n    run: [\"\\e[2Jboom\"]\n").toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).doesNotContain("\u001b").contains("unknown op '\\x1b[2Jboom'");
    }

    /** Before: "YAML error: Version{major=2, minor=0}". */
    @Test
    void yamlTwoDirective_saysWhatIsWrong() throws IOException {
        Cli r = Cli.run("run", file("y2.yaml", "# a comment\n%YAML 2.0\n---\nscenario: x\ncpus: 1\n" + TASKS).toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("y2.yaml:2:1: %YAML 2.0 is not a YAML version this reads").doesNotContain("Version{");
    }

    /** Before: a tab after a colon, valid YAML 1.2, was a syntax error. */
    @Test
    void tabAfterColon_accepted() throws IOException {
        Cli r = Cli.run("run", file("tab.yaml", "scenario:\tx\ncpus:\t1\n" + TASKS).toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isEqualTo(0);
    }

    /** Before: {@code s١} (an Arabic-Indic digit) was read as s1. */
    @Test
    void nonAsciiDigitInSchedule_rejected() throws IOException {
        Path schedule = file("sched", "s0\n  s\u0661 s0\n");
        Cli r = Cli.run("run", "scenarios/zswap/percpu-ref.yaml", "--schedule", schedule.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("sched:2:3: bad schedule token 's\u0661'").contains("ASCII digits");
    }

    /** Before: a 100,000-character token was echoed whole. */
    @Test
    void hugeScheduleToken_cutInTheMessage() throws IOException {
        Path schedule = file("sched", "{\"seed\": 4, \"schedule\": \"s0 s" + "9".repeat(100_000) + "\"}\n");
        Cli r = Cli.run("run", "scenarios/zswap/percpu-ref.yaml", "--schedule", schedule.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("sched:1:29: bad schedule token 's" + "9".repeat(39) + "...'");
        assertThat(r.err().length()).isLessThan(300);
    }

    /** Before: the step of a call: named the callee's first op, not the call: line. */
    @Test
    void callStep_namesTheCallLine() throws IOException {
        Path f = file("call.yaml", "scenario: x\ncpus: 1\nhandlers:\n  h:\n    - note: first\ntasks:\n  - cpu: 0\n"
                + "    run:\n      - note: before\n      - call: h\n");
        Cli r = Cli.run("run", f.toString());
        assertThat(r.status()).isEqualTo(0);
        assertThat(r.out()).containsPattern("call\\(h\\) +\\S*call.yaml:10:9").containsPattern("note: first +\\S*call.yaml:5:7");
    }
}
