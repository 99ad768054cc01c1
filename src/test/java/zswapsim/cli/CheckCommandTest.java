package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `zswapsim check` through the CLI: exit statuses, the counterexample, its report, and bounds. */
class CheckCommandTest {
    private static final String BUG = "scenarios/zswap/percpu-ref.yaml";

    /**
     * A cut search says its lockdep line covers only what it explored, why an agreeing expect:
     * still fails, and how to finish it.
     */
    @Test
    void check_cutByMaxStates_saysWhatItCoversAndWhyExpectFails() {
        Cli r = Cli.run("check", "scenarios/zswap/percpu-ref-bh-fix.yaml", "--max-states", "100");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("  deadlock: unknown\n  to finish the search: raise --max-states (and the heap,"
                        + " ZSWAPSIM_JAVA_OPTS=-Xmx8g), or look for the deadlocks of few preemptions with --preemption-bound 2\n")
                .contains("  lockdep: no report in the schedules explored\n")
                .contains("  expect: FAILED (expected deadlock never, lockdep []): the schedules explored agree, but a"
                        + " search cut by --max-states cannot rule out the others\n")
                .doesNotContain("any schedule");
    }

    /** Before: one bad file among several stopped check before any file was checked (exit 2, no output). */
    @Test
    void check_severalFilesOneBad_checksTheOthersAndExits2(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "scenario: typo\ncpus: 1\nlocks: { A: spinlock }\n"
                + "tasks:\n  - cpu: 0\n    run: [ spin_lok: A ]\n");
        Cli r = Cli.run("check", BUG, bad.toString(), "scenarios/zswap/percpu-ref-bh-fix.yaml", "--json");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("zswapsim: " + bad + ":6:12: unknown op 'spin_lok' (did you mean 'spin_lock'?)\n");
        assertThat(r.out().lines().toList()).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"ok\":true"));
        assertThat(r.out()).contains("\"file\":\"" + BUG + "\"").contains("percpu-ref-bh-fix.yaml");
    }

    /** The bug's counterexample replays with `run --schedule` to the same self deadlock. */
    @Test
    void counterexample_replaysWithRunSchedule(@TempDir Path dir) throws IOException {
        Cli check = Cli.run("check", BUG, "--json");
        assertThat(check.status()).isZero();
        Path json = dir.resolve("check.json");
        Files.writeString(json, check.out());
        Cli run = Cli.run("run", BUG, "--schedule", json.toString(), "--json");
        assertThat(run.out()).contains("\"outcome\":\"deadlock\"").contains("\"kind\":\"self\"");
    }

    /** Before: "internal error: java.lang.IndexOutOfBoundsException" (exit 3): the symmetry reduction read the exited task's code. */
    @Test
    void check_taskWithEmptyRun_isChecked(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("empty-run.yaml"), "scenario: nothing to do\ncpus: 2\ntasks:\n"
                + "  - {name: t, cpu: 0, run: []}\n  - {name: u, cpu: 1, run: []}\n  - {name: v, cpu: 1, run: [note: x]}\n");
        Cli r = Cli.run("check", f.toString(), "--json");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("\"deadlock\":\"never\"").contains("\"complete\":true");
    }

        /** --report writes the counterexample's HTML report; with several files it is a usage error. */
    @Test
    void report_counterexampleWritten_severalFilesRefused(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("cex.html");
        assertThat(Cli.run("check", BUG, "--report", out.toString()).status()).isZero();
        assertThat(Files.readString(out)).contains("DEADLOCK (self)");
        Cli two = Cli.run("check", BUG, "scenarios/zswap/kref.yaml", "--report", out.toString());
        assertThat(two.status()).isEqualTo(2);
        assertThat(two.err()).contains("--report needs exactly one FILE");
    }

    /** Without a deadlock --report still writes a page: a full run, and check's word that no schedule deadlocks. */
    @Test
    void report_noDeadlock_pageOfAFullRunSayingSo(@TempDir Path dir) throws IOException {
        Path never = dir.resolve("never.html");
        Cli r = Cli.run("check", "scenarios/zswap/kref.yaml", "--report", never.toString());
        assertThat(r.status()).isZero();
        assertThat(r.err()).doesNotContain("no report written");
        assertThat(Files.readString(never)).contains("\"outcome\":\"completed\"")
                .containsPattern("check: no deadlock exists: no schedule deadlocks \\(all [0-9,]+ states explored\\)")
                .contains("This is one full run (seed 4).");

        Path possible = dir.resolve("possible.html");
        assertThat(Cli.run("check", BUG, "--report", possible.toString()).status()).isZero();
        assertThat(Files.readString(possible)).contains("check: a deadlock is possible; this is the shortest deadlocking"
                + " schedule (29 steps)");

        Path cut = dir.resolve("cut.html");
        assertThat(Cli.run("check", "scenarios/zswap/kref.yaml", "--max-states", "100", "--report", cut.toString()).status())
                .as("a cut search cannot prove expect: never").isEqualTo(1);
        assertThat(Files.readString(cut)).contains("check: deadlock unknown: the search was cut by");
    }

    /** An expectation that does not hold exits 1 and says FAILED. */
    @Test
    void failedExpectation_exit1(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("wrong.yaml");
        Files.writeString(f, Files.readString(Path.of("scenarios/zswap/percpu-ref-bh-fix.yaml"))
                .replace("deadlock: never", "deadlock: possible"));
        Cli r = Cli.run("check", f.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED");
    }

    /** A bound that cuts the search makes the verdict unknown and an expectation of never fail. */
    @Test
    void cutSearch_neverClaimsNever() {
        Cli r = Cli.run("check", "scenarios/zswap/kref.yaml", "--max-states", "50", "--json");
        assertThat(r.out()).contains("\"deadlock\":\"unknown\"").contains("\"complete\":false").contains("\"ok\":false");
        assertThat(r.status()).isEqualTo(1);
    }

    /**
     * A preemption-bounded check finds the bug's deadlock within one preemption, replayable; on the
     * fix it says "never within K preemptions", incomplete with its bound, never a plain never.
     */
    @Test
    void preemptionBound_findsTheBug_fixNeverWithinK(@TempDir Path dir) throws IOException {
        Cli bug = Cli.run("check", BUG, "--preemption-bound", "1", "--json");
        assertThat(bug.out()).contains("\"deadlock\":\"possible\"").contains("\"bound\":1").contains("\"complete\":false");
        Path json = dir.resolve("bounded.json");
        Files.writeString(json, bug.out());
        assertThat(Cli.run("run", BUG, "--schedule", json.toString(), "--json").out()).contains("\"outcome\":\"deadlock\"");

        Cli fix = Cli.run("check", "scenarios/zswap/percpu-ref-bh-fix.yaml", "--preemption-bound", "1");
        assertThat(fix.out()).contains("deadlock: never within 1 preemption\n").contains("INCOMPLETE: cut by --preemption-bound")
                .contains("  to finish the search: a larger K, or no --preemption-bound for the full search\n");
        assertThat(fix.status()).as("a bounded search cannot prove expect: never").isEqualTo(1);
        assertThat(Cli.run("check", "scenarios/zswap/percpu-ref-bh-fix.yaml", "--preemption-bound", "1", "--json").out())
                .as("the JSON deadlock field keeps the format's values").contains("\"deadlock\":\"unknown\"")
                .contains("\"within_bound\":\"never\"").contains("\"bound\":1");
    }

    /** A complete never comes with the chance that a fingerprint collision hid a state. */
    @Test
    void never_printsCollisionProbability() {
        Cli r = Cli.run("check", "scenarios/zswap/kref.yaml", "--json");
        assertThat(r.out()).contains("\"deadlock\":\"never\"").containsPattern("\"collision_probability\":[0-9.]+E-[0-9]+");
        assertThat(Cli.run("check", "scenarios/zswap/kref.yaml").out()).containsPattern("never \\(fingerprint collision probability [0-9.]+e-[0-9]+\\)");
    }

    /** Impossible bounds are bad input. */
    @Test
    void impossibleBounds_exit2() {
        assertThat(Cli.run("check", BUG, "--max-depth", "0").status()).isEqualTo(2);
        Cli negative = Cli.run("check", BUG, "--preemption-bound", "-1");
        assertThat(negative.status()).isEqualTo(2);
        assertThat(negative.err()).contains("--preemption-bound must be at least 0");
        assertThat(Cli.run("explore", BUG, "--runs", "0").status()).isEqualTo(2);
        Cli wrap = Cli.run("explore", BUG, "--runs", "3", "--seed", String.valueOf(Long.MAX_VALUE - 1));
        assertThat(wrap.status()).isEqualTo(2);
        assertThat(wrap.out()).isEmpty();
        assertThat(wrap.err()).isEqualTo("zswapsim: --seed 9223372036854775806 with --runs 3 goes past the largest seed, "
                + "9223372036854775807: start at 9223372036854775805 or lower\n");
        assertThat(Cli.run("explore", BUG, "--runs", "2", "--seed", String.valueOf(Long.MAX_VALUE - 1), "--json").status()).isZero();
    }
}
