package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad scenarios exit 2 with one line naming file:line:column, never a stack trace. */
class BadInputTest {
    @TempDir
    Path dir;

    private Cli runOn(String yaml) throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, yaml);
        return Cli.run("run", f.toString());
    }

    private void assertBadInput(Cli r, String position, String phrase) {
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("bad.yaml:" + position + ": ").contains(phrase).doesNotContain("Exception");
    }

    /** A YAML syntax error. */
    @Test
    void syntaxError_exit2WithPosition() throws IOException {
        assertBadInput(runOn("scenario: x\ncpus: [1\ntasks: []\n"), "3:6", "YAML syntax error");
    }

    /** An unknown op, with a suggestion. */
    @Test
    void unknownOp_exit2WithPosition() throws IOException {
        assertBadInput(runOn("scenario: x\ncpus: 1\ntasks:\n  - cpu: 0\n    run:\n      - spin_lok: A\n"), "6:9", "unknown op 'spin_lok'");
    }

    /** A lock nobody declared. */
    @Test
    void unknownLock_exit2WithPosition() throws IOException {
        assertBadInput(runOn("scenario: x\ncpus: 1\ntasks:\n  - cpu: 0\n    run:\n      - spin_lock: B\n"), "6:20", "unknown lock 'B'");
    }

    /** A CPU out of range. */
    @Test
    void cpuOutOfRange_exit2WithPosition() throws IOException {
        assertBadInput(runOn("scenario: x\ncpus: 2\ntasks:\n  - cpu: 2\n    run: [preempt_disable, preempt_enable]\n"), "4:10", "CPU 2 out of range");
    }

    /** kthread: takes true or false, nothing else. */
    @Test
    void kthreadNotABoolean_exit2WithPosition() throws IOException {
        assertBadInput(runOn("scenario: x\ncpus: 1\ntasks:\n  - cpu: 0\n    kthread: yes\n    run: [preempt_disable, preempt_enable]\n"),
                "5:14", "tasks[0].kthread: unknown boolean 'yes'");
    }

    /** A missing required key. */
    @Test
    void missingKey_exit2WithPosition() throws IOException {
        assertBadInput(runOn("scenario: x\ntasks:\n  - cpu: 0\n    run: [preempt_disable]\n"), "1:1", "missing required key 'cpus'");
    }

    /** A file that does not exist. */
    @Test
    void missingFile_exit2() {
        Cli r = Cli.run("run", dir.resolve("nope.yaml").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("nope.yaml").contains("cannot read");
    }

    /** An unknown option names the command's help. */
    @Test
    void unknownOption_exit2() {
        Cli r = Cli.run("run", "scenarios/zswap/kref.yaml", "--sede", "3");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--sede").contains("zswapsim run --help");
    }

    /** A trace output that would overwrite the scenario is refused. */
    @Test
    void outputOverInput_refused() throws IOException {
        Path f = dir.resolve("s.yaml");
        Files.copy(Path.of("scenarios/zswap/kref.yaml"), f);
        Cli r = Cli.run("run", f.toString(), "--trace", f.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(Files.readString(f)).startsWith("scenario:");
    }

    /** A subclass out of range: exit 2, one line at the number. */
    @Test
    void subclassOutOfRange_exit2WithPosition() throws IOException {
        assertBadInput(runOn("scenario: x\ncpus: 1\nlocks: { A: spinlock }\ntasks:\n  - cpu: 0\n    run:\n"
                + "      - spin_lock_nested: { lock: A, subclass: -1 }\n"), "7:48", "out of range");
    }

    /** Before: `bench --max-cpus 0` ran for ten seconds and `--max-states -1` printed a table, exit 0. */
    @Test
    void bench_boundsBelowOne_exit2() {
        for (String[] args : new String[][] {{"bench", "--only", "check", "--max-cpus", "0"},
            {"bench", "--only", "check", "--max-states", "-1"}}) {
            Cli r = Cli.run(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).startsWith("zswapsim: --max-cpus must be at least 2 and --max-states at least 1");
        }
    }
}
