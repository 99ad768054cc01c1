package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zswapsim.explore.ScenarioGenerator;

/**
 * Out of memory is an internal error, reported honestly: exit 3 and one line saying what ran out
 * and what to do, wherever it happens; check stops itself first, incomplete. A signal stops a
 * command with one line and no partial output.
 */
class ResourceExhaustionTest {
    private static final List<String> SMALL_HEAP = List.of("-Xmx256m");

    @TempDir
    Path dir;

    private static void assertOutOfMemoryLine(Subprocess r) {
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("zswapsim: out of memory: the Java heap (at most ")
                .contains("ZSWAPSIM_JAVA_OPTS=-Xmx").contains("--max-states");
    }

    /** Before: the heap ran out on Pekko's dispatcher thread and the process never exited. */
    @Test
    void runThatNeedsMoreHeap_exit3WithOneLine() throws Exception {
        String name = "t".repeat(10_000);
        StringBuilder b = new StringBuilder("scenario: big names\ncpus: 4\nhandlers:\n  h: [note: tick]\ntasks:\n");
        for (int c = 0; c < 4; c++) {
            b.append("  - name: ").append(name).append(c).append("\n    cpu: ").append(c).append("\n    run: [note: a]\n");
        }
        b.append("interrupts:\n").append("  - hardirq: h\n    times: 10000\n".repeat(20));
        Path f = Files.writeString(dir.resolve("big.yaml"), b);
        assertOutOfMemoryLine(Subprocess.run(dir, SMALL_HEAP, "run", f.toString(), "--max-steps", "100000000"));
    }

    /**
     * Before: out of memory (exit 3) with the default options and a 28 KB file: every event of the
     * 10,000 steps kept a snapshot of each of the CPU's 1,000 tasks, more than 700 MiB.
     */
    @Test
    void runOfAThousandTasksOnOneCpu_fitsASmallHeap() throws Exception {
        Path f = Files.writeString(dir.resolve("tasks.yaml"), "scenario: many tasks\ncpus: 1\ntasks:\n"
                + "  - {cpu: 0, run: [note: x]}\n".repeat(1000));
        Subprocess r = Subprocess.run(dir, SMALL_HEAP, "run", f.toString(), "--json");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("{\"file\":").contains("\"steps\":10000");
    }

    /** Before: Pekko's "shutting down JVM" and a stack trace, exit 255. */
    @Test
    void exploreThatNeedsMoreHeap_exit3WithOneLine() throws Exception {
        assertOutOfMemoryLine(Subprocess.run(dir, SMALL_HEAP, "explore", "scenarios/zswap/kref.yaml", "--runs", "2000000000"));
    }

    /** Before: an OutOfMemoryError stack trace and exit 1, as if an expectation had failed. */
    @Test
    void checkThatNeedsMoreHeap_stopsIncomplete() throws Exception {
        Path f = Files.writeString(dir.resolve("gen4.yaml"), ScenarioGenerator.zswap(4, "percpu_ref_bh"));
        Subprocess r = Subprocess.run(dir, SMALL_HEAP, "check", f.toString(), "--json", "--max-states", "100000000");
        // The heap watch usually stops the search first (complete: false); if an allocation outruns
        // it, the process ends as any out-of-memory does: exit 3 and one line.
        if (r.status() == 3) {
            assertOutOfMemoryLine(r);
            return;
        }
        assertThat(r.status()).as("too big for this heap: exit 2, as for any input the check cannot take").isEqualTo(2);
        assertThat(r.out()).contains("\"complete\":false").contains("\"deadlock\":\"unknown\"");
        // Progress lines (every few seconds) may come first; the stop is said once, at the end.
        assertThat(r.err().lines().filter(l -> !l.matches(".*: [0-9,]+ states \\(.*")).toList()).hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ").contains("gen4.yaml: search stopped at ").contains("ZSWAPSIM_JAVA_OPTS=-Xmx").contains("--max-states");
    }

    /**
     * Before: on the parallel collector (the launcher's), the heap watch read a survivor space that
     * is nearly full after every young collection as a full heap, and stopped at 15,265 states.
     */
    @Test
    void checkOnTheParallelCollector_isNotStoppedByAFullSurvivorSpace() throws Exception {
        Path f = Files.writeString(dir.resolve("gen3.yaml"), ScenarioGenerator.zswap(3, "percpu_ref_bh"));
        Subprocess r = Subprocess.run(dir, List.of("-XX:+UseParallelGC", "-Xmx1g"), "check", f.toString(), "--json");
        assertThat(r.status()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("\"states\":236239").contains("\"complete\":true").contains("\"deadlock\":\"never\"");
    }

    /** SIGTERM: one line saying what was being done, and no output file, whole or partial. */
    @Test
    void sigterm_oneLineAndNoPartialOutput() throws Exception {
        Path f = Files.writeString(dir.resolve("gen5.yaml"), ScenarioGenerator.zswap(5, "percpu_ref_bh"));
        Path report = dir.resolve("r.html");
        Process p = Subprocess.start(dir, List.of("-Xmx1g"), "check", f.toString(), "--report", report.toString(),
                "--max-states", "100000000");
        Thread.sleep(3_000);
        p.destroy();
        Subprocess r = Subprocess.finish(p, dir);
        assertThat(r.status()).isEqualTo(143);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("zswapsim: interrupted while checking " + f + "; no output written");
        try (var left = Files.list(dir)) {
            assertThat(left.map(x -> x.getFileName().toString()).toList()).as("no report, no temporary file (stdout and stderr are the capture's)")
                    .containsExactlyInAnyOrder("gen5.yaml", "stdout", "stderr");
        }
    }
}
