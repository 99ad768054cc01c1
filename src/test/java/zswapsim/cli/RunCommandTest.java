package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `zswapsim run`: the seed's story end to end, reproducibility, replay, and the fixed variants. */
class RunCommandTest {
    private static final String BUG = "scenarios/zswap/percpu-ref.yaml";
    /** The README's seed of the bug: its run ends in the self deadlock (the default seed's completes). */
    private static final String DEADLOCK_SEED = "129";

    /** Seed 129 shows the pre-fix self deadlock on zswap_pools_lock, with lockdep's report. */
    @Test
    void run_percpuRefSeed129_selfDeadlockOnPoolsLock() {
        Cli r = Cli.run("run", BUG, "--seed", DEADLOCK_SEED, "--json");
        assertThat(r.out()).contains("\"outcome\":\"deadlock\"").contains("\"kind\":\"self\"")
                .contains("\"locks\":[\"zswap_pools_lock\"]")
                .contains("\"kind\":\"inconsistent-lock-state\",\"lock\":\"zswap_pools_lock\",\"usage\":\"{SOFTIRQ-ON-W} -\\u003e {IN-SOFTIRQ-W}\"")
                .contains("\"usage\":\"{+.?.}\"");
    }

    /** The same seed twice gives identical JSON and identical trace files. */
    @Test
    void run_sameSeedTwice_identicalJsonAndTrace(@TempDir Path dir) throws IOException {
        Cli a = Cli.run("run", BUG, "--seed", "9", "--json", "--trace", dir.resolve("a.jsonl").toString());
        Cli b = Cli.run("run", BUG, "--seed", "9", "--json", "--trace", dir.resolve("b.jsonl").toString());
        assertThat(a.out()).isEqualTo(b.out());
        assertThat(Files.readString(dir.resolve("a.jsonl"))).isEqualTo(Files.readString(dir.resolve("b.jsonl"))).isNotEmpty();
    }

    /** --schedule replays a deadlocking run exactly, whatever --seed says. */
    @Test
    void run_scheduleOfDeadlockingRun_replaysIt(@TempDir Path dir) throws IOException {
        Cli original = Cli.run("run", BUG, "--seed", DEADLOCK_SEED, "--json");
        Path schedule = dir.resolve("schedule.json");
        Files.writeString(schedule, original.out());
        Cli replay = Cli.run("run", BUG, "--seed", "12345", "--schedule", schedule.toString(), "--json");
        assertThat(replay.out().replace("\"seed\":12345", "\"seed\":" + DEADLOCK_SEED)).isEqualTo(original.out());
    }

    /** Before: the replay printed "seed":4 (the default), a seed that does not reproduce the run. */
    @Test
    void run_scheduleOfRunJsonWithoutSeed_printsTheLineAgain(@TempDir Path dir) throws IOException {
        Cli original = Cli.run("run", BUG, "--seed", DEADLOCK_SEED, "--json");
        Path schedule = Files.writeString(dir.resolve("schedule.json"), original.out());
        Cli replay = Cli.run("run", BUG, "--schedule", schedule.toString(), "--json");
        assertThat(replay.status()).isZero();
        assertThat(replay.out()).isEqualTo(original.out()).contains("\"seed\":" + DEADLOCK_SEED + ",");
    }

    /**
     * A --schedule file of several check --json lines replays the line of the scenario being run;
     * a line without a counterexample, or no line for it, is bad input naming what it holds.
     */
    @Test
    void run_scheduleFromMultiFileCheckJson_usesTheScenariosOwnLine(@TempDir Path dir) throws IOException {
        String bug = "scenarios/lockdep/01-inconsistent-softirq.yaml";
        String fix = "scenarios/lockdep/01-inconsistent-softirq-fixed.yaml";
        Path json = dir.resolve("both.json");
        Files.writeString(json, Cli.run("check", fix, bug, "--json").out());
        Cli replay = Cli.run("run", bug, "--schedule", json.toString());
        assertThat(replay.status()).isZero();
        assertThat(replay.out()).contains("outcome: DEADLOCK (self) after 4 steps");
        assertThat(replay.err()).isEmpty();
        Cli none = Cli.run("run", fix, "--schedule", json.toString());
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("zswapsim: " + json + ": the line for " + fix
                + " has no schedule (check found no deadlock: nothing to replay)\n");
        Cli other = Cli.run("run", "scenarios/lockdep/04-circular-locking.yaml", "--schedule", json.toString());
        assertThat(other.status()).isEqualTo(2);
        assertThat(other.err()).isEqualTo("zswapsim: " + json + ": no line for scenarios/lockdep/04-circular-locking.yaml among its 2 JSON lines\n");
    }

    /** None of the fixed or safe variants deadlocks for any seed in 1..200 (the pre-fix one does for some). */
    @Test
    void run_fixedVariants_noDeadlockForSeeds1To200() {
        for (String v : new String[] {"kref", "percpu-ref-irq-fix", "percpu-ref-bh-fix", "percpu-ref-offloaded"}) {
            Cli r = Cli.run("explore", "scenarios/zswap/" + v + ".yaml", "--runs", "200", "--seed", "1", "--json");
            assertThat(r.out()).as(v).contains("\"deadlocks\":0,").contains("\"steps_to_deadlock\":null,");
        }
        Cli bug = Cli.run("explore", BUG, "--runs", "200", "--seed", "1", "--json");
        assertThat(bug.out()).doesNotContain("\"deadlocks\":0,").containsPattern("\"steps_to_deadlock\":\\{\"mean\":[0-9.]+,");
    }

    /** The text output lists steps by CPU and context, and ends with the outcome in kernel words and the splat. */
    @Test
    void run_text_showsNestingOutcomeAndSplat() {
        Cli r = Cli.run("run", BUG, "--seed", DEADLOCK_SEED);
        assertThat(r.out()).contains("└ softirq RCU_SOFTIRQ").contains("outcome: DEADLOCK (self)")
                .contains("spins on zswap_pools_lock held by CPU0 task sysfs-writer")
                .contains("WARNING: inconsistent lock state")
                .contains("inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage.")
                .contains("(zswap_pools_lock){+.?.}-{2:2}");
    }

    /**
     * A JSON line cut short inside its schedule string is bad input at the string's start, not a
     * replay of the tokens before the cut (a shorter, different schedule), even when a later line
     * has a quote.
     */
    @Test
    void run_scheduleStringNotClosed_exit2AtItsLine(@TempDir Path dir) throws IOException {
        String bug = "scenarios/lockdep/01-inconsistent-softirq.yaml";
        String line = Cli.run("check", bug, "--json").out().strip();
        int cut = line.indexOf("\"schedule\":\"") + "\"schedule\":\"".length() + 5;
        Path json = dir.resolve("cut.json");
        Files.writeString(json, line.substring(0, cut) + "\n{\"file\":\"other.yaml\"}\n");
        Cli r = Cli.run("run", bug, "--schedule", json.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("zswapsim: " + json + ":1:")
                .endsWith(": the schedule string is not closed on its line (the JSON line is cut short?)\n");
    }

    /** A schedule that does not fit the scenario is bad input (exit 2), not a crash. */
    @Test
    void run_badSchedule_exit2(@TempDir Path dir) throws IOException {
        Path schedule = dir.resolve("s.txt");
        Files.writeString(schedule, "q7");
        Cli r = Cli.run("run", BUG, "--schedule", schedule.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("schedule step 1").contains("not possible here");
    }

    /** The bug run's lockdep report is there even in a seed where the deadlock did not happen. */
    @Test
    void run_bugSeedWithoutDeadlock_stillReportsLockdep() {
        Cli r = Cli.run("run", BUG, "--seed", "1", "--json");
        assertThat(r.out()).contains("\"outcome\":\"completed\"").contains("inconsistent-lock-state");
    }
}
