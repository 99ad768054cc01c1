package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** zswapsim play: the student schedules the run from standard input, one command per line. */
class PlayCommandTest {
    private static final String BUG = "scenarios/zswap/percpu-ref.yaml";

    /** check --json's shortest deadlocking schedule, one token per line. */
    private static String shortestSchedule() {
        Matcher m = Pattern.compile("\"counterexample\":\\{\"steps\":(\\d+),\"schedule\":\"([^\"]+)\"")
                .matcher(Cli.run("check", BUG, "--json").out());
        assertThat(m.find()).isTrue();
        return String.join("\n", m.group(2).split(" ")) + "\n";
    }

    /** Fed the shortest deadlocking schedule, the game ends in the deadlock, with lockdep's report and full marks. */
    @Test
    void play_shortestDeadlockingSchedule_endsWithTheDeadlock() {
        Cli r = Cli.runWithInput(shortestSchedule(), "play", BUG);
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("LOCKDEP REPORT (inconsistent-lock-state)")
                .contains("inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage.")
                .contains("after 29 moves:\n  CPU0: task sysfs-writer > softirq RCU_SOFTIRQ")
                .contains("outcome: DEADLOCK (self) after 29 steps")
                .endsWith("score: you deadlocked the machine in 29 moves; check's shortest deadlock takes 29 moves:"
                        + " a shortest deadlock: full marks.\n");
        assertThat(r.out()).doesNotContain("end of input");
    }

    /** undo steps back to the previous position; moves prints the schedule so far. */
    /** Each move played is listed, and each legal move previews its step, also once locks are held and CPUs spin. */
    @Test
    void play_abba_showsEveryStepAndPreviewsTheSpin() {
        Cli r = Cli.runWithInput("s0\ns1\ns0\n", "play", "src/test/resources/incidents/05-abba-two-cpus.yaml");
        assertThat(r.out()).doesNotContain("nothing visible")
                .contains("  s1     CPU1  task dput                          spin_lock(d_lock)   [preempt 0->1; d_lock taken]")
                .contains(">     2  CPU1  task dput                          spin_lock(d_lock)")
                .contains("  s0     CPU0  task iput                          spin_lock(d_lock)   [preempt 1->2; spins on d_lock"
                        + " held by CPU1 task dput]")
                .contains("after 1 move:\n");
    }

    @Test
    void play_undo_stepsBack() {
        Cli r = Cli.runWithInput("s0\ns1\nundo\nmoves\nundo\nundo\nquit\n", "play", BUG);
        assertThat(r.status()).isZero();
        String out = r.out();
        assertThat(out).contains("after 2 moves:").contains("undo s1")
                .contains("schedule so far (1 move): s0").contains("undo s0")
                .contains("nothing to undo: this is the initial state")
                .contains("quit\nstopped after 0 moves. check's shortest deadlock takes 29 moves.");
        String afterUndo = out.substring(out.indexOf("undo s1"));
        assertThat(afterUndo).startsWith("undo s1\n\nafter 1 move:\n  CPU0: task sysfs-writer");
        assertThat(out.substring(out.lastIndexOf("undo s0"))).contains("after 0 moves:")
                .contains("  s0     CPU0  task sysfs-writer                  note: echo zstd");
    }

    /** A bad token and an illegal move get a clear message, and the game goes on to the deadlock. */
    @Test
    void play_badTokens_clearMessageAndTheGameGoesOn() {
        Cli r = Cli.runWithInput("bogus\ns7\nw0.x\n" + shortestSchedule(), "play", BUG);
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("'bogus' is not a command: type a move token (s0 s1), undo, moves or quit")
                .contains("s7 is not a legal move here; legal: s0 s1")
                .contains("'w0.x' is not a command")
                .contains("outcome: DEADLOCK (self) after 29 steps");
    }

    /** End of input ends the game cleanly: exit 0, the length to beat, nothing on stderr. */
    @Test
    void play_endOfInput_endsCleanly() {
        Cli r = Cli.runWithInput("s0\n", "play", BUG);
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).endsWith("> end of input\nstopped after 1 move. check's shortest deadlock takes 29 moves.\n");
    }

    /** A run played to completion is scored against check's verdict; a scenario that cannot deadlock says so. */
    @Test
    void play_fixedScenarioToTheEnd_saysNoScheduleDeadlocks() {
        String fixed = "scenarios/lockdep/01-inconsistent-softirq-fixed.yaml";
        Matcher m = Pattern.compile("\"schedule\":\"([^\"]+)\"").matcher(Cli.run("run", fixed, "--json").out());
        assertThat(m.find()).isTrue();
        Cli r = Cli.runWithInput(String.join("\n", m.group(1).split(" ")) + "\n", "play", fixed);
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("legal moves:\n  s0 ").contains("i1.0")
                .contains("outcome: completed after")
                .endsWith("score: the run completed without a deadlock. No schedule of this scenario deadlocks"
                        + " (check explored all 31 states).\n");
    }

    /** A missing file is bad input, as for every command. */
    @Test
    void play_missingFile_exit2() {
        Cli r = Cli.runWithInput("", "play", "no-such.yaml");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("no-such.yaml: cannot read: no such file");
    }
}
