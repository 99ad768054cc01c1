package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input limit of {@code zswapsim.scenario.Limits}: past it, exit 2 with one line naming
 * file:line:column where there is a position, and no stack trace; never an endless read or an
 * out-of-memory error.
 */
class InputLimitsTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);
    private static final String HEADER = "scenario: x\ncpus: 1\n";

    @TempDir
    Path dir;

    private static Cli cli(String... args) {
        Supplier<Cli> run = () -> Cli.run(args);
        return assertTimeoutPreemptively(HANG_GUARD, run::get);
    }

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("bad.yaml"), yaml);
    }

    private static void assertRejected(Cli r, String where, String phrase) {
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("zswapsim: ").contains(where).contains(phrase).doesNotContain("Exception");
        assertThat(r.err().length()).isLessThan(400);
    }

    /** Before: read to the end, which /dev/zero does not have (5.4 GB, then OutOfMemoryError). */
    @Test
    void scenarioFromDevZero_rejectedBySize() {
        assertRejected(cli("run", "/dev/zero"), "/dev/zero: cannot read: larger than", "limit for input files");
    }

    @Test
    void scheduleFromDevZero_rejectedBySize() {
        assertRejected(cli("run", "scenarios/zswap/kref.yaml", "--schedule", "/dev/zero"),
                "/dev/zero: cannot read: larger than", "limit for input files");
    }

    /** Before: 24-51 s and 1 GB until SnakeYAML's code-point limit. */
    @Test
    void eightMebibyteLine_rejectedBySize() throws IOException {
        Path f = file("scenario: " + "a".repeat(8 << 20) + "\n");
        assertRejected(cli("run", f.toString()), "bad.yaml: cannot read: larger than", "limit for input files");
    }

    @Test
    void longLine_rejectedAtTheColumnPastTheLimit() throws IOException {
        Path f = file(HEADER + "about: " + "a".repeat(20_000) + "\n");
        assertRejected(cli("run", f.toString()), "bad.yaml:3:16385: ", "line longer than 16384 characters");
    }

    /** Before: "not UTF-8 text" with no position. */
    @Test
    void notUtf8_namesLineAndColumnOfTheFirstBadByte() throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.write(f, (HEADER + "tasks:\n  - cpu: 0\n    run: [preempt_disable, \u00e9\u00ff]\n")
                .replace('\u00ff', '\u0001').getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] bytes = Files.readAllBytes(f);
        bytes[indexOf(bytes, (byte) 1)] = (byte) 0xff;
        Files.write(f, bytes);
        assertRejected(cli("run", f.toString()), "bad.yaml:5:29: ", "not UTF-8 text: byte 0xFF");
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no byte " + b);
    }

    /** Before: "nested too deeply" with no position, and whether it passed depended on -Xss. */
    @Test
    void deepFlowNesting_rejectedWhereItPassesTheLimit() throws IOException {
        Path f = file("a: " + "[".repeat(1000) + "]".repeat(1000) + "\n");
        assertRejected(cli("run", f.toString()), "bad.yaml:1:67: ", "nested more than 64 deep");
    }

    @Test
    void deepInHardirqNesting_rejectedWithPosition() throws IOException {
        Path f = file(HEADER + "tasks:\n  - cpu: 0\n    run: " + "[in_hardirq: ".repeat(500) + "[note: x" + "]".repeat(501) + "\n");
        assertRejected(cli("run", f.toString()), "bad.yaml:5:", "nested more than 64 deep");
    }

    @Test
    void aliasInsideItsOwnAnchor_rejectedAtTheAlias() throws IOException {
        Path f = file(HEADER + "tasks:\n  - cpu: 0\n    run: &loop [in_softirq: *loop]\n");
        assertRejected(cli("run", f.toString()), "bad.yaml:5:29: ", "alias *loop is inside the collection &loop");
    }

    @Test
    void aliasesThatNestTooDeep_rejectedAtTheAlias() throws IOException {
        StringBuilder b = new StringBuilder(HEADER + "handlers:\n  h0: &l0 [note: x]\n");
        for (int i = 1; i <= 40; i++) {
            b.append("  h").append(i).append(": &l").append(i).append(" [in_softirq: *l").append(i - 1).append("]\n");
        }
        Path f = file(b + "tasks:\n  - cpu: 0\n    run: [note: x]\n");
        assertRejected(cli("run", f.toString()), "bad.yaml:", "once alias *l");
    }

    /** Before: "YAML error: Number of aliases for non-scalar nodes exceeds the specified max=50", with no position. */
    @Test
    void billionLaughs_rejectedAtTheAliasThatPassesTheLimit() throws IOException {
        StringBuilder b = new StringBuilder(HEADER + "l0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            b.append("l").append(i).append(": &a").append(i).append(" [").append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
        }
        Path f = file(b + "tasks:\n  - cpu: 0\n    run: [note: x]\n");
        // The 51st alias is the sixth on line 9 (l6's list: 5 lines of 9 before it, then 5): column 35.
        assertRejected(cli("run", f.toString()), "bad.yaml:9:35: ",
                "alias *a5 is alias number 51 of a list or mapping, more than 50 (the limit for aliases)");
    }

    @Test
    void fiftyAliasesOfAList_andAnyNumberOfAScalar_areFine() throws IOException {
        Path f = file(HEADER + "handlers:\n  h: &ops [note: x]\n  s: [note: &n y" + ", note: *n".repeat(200) + "]\ntasks:\n"
                + "  - {cpu: 0, run: *ops}\n".repeat(50));
        assertThat(cli("run", f.toString()).status()).isZero();
    }

    /** Before: out of memory while compiling a billion zswap_store calls. */
    @Test
    void hugeZswapCount_rejectedNamingTheKey() throws IOException {
        Path f = file(HEADER + "zswap: {variant: kref}\ntasks:\n  - cpu: 0\n    run:\n      - zswap_store: 1000000000\n");
        assertRejected(cli("run", f.toString()), "bad.yaml:7:22: ", "zswap_store: 1000000000 is more than 10000 (the limit for counts)");
    }

    @Test
    void hugeMsleepAndTimes_rejectedNamingTheKey() throws IOException {
        assertRejected(cli("run", file(HEADER + "tasks:\n  - cpu: 0\n    run: [msleep: 123456789012345678901234567890123456789012345678901234567890]\n")
                .toString()), "bad.yaml:5:19: ", "msleep: 1234567890123456789012345678901234567890... is more than 10000");
        assertRejected(cli("run", file(HEADER + "handlers: {h: [note: x]}\ntasks:\n  - cpu: 0\n    run: [note: x]\n"
                + "interrupts:\n  - hardirq: h\n    times: 2000000000\n").toString()),
                "bad.yaml:9:12: ", "interrupts[0].times: 2000000000 is more than 10000");
    }

    @Test
    void tooManyOps_rejectedAtTheOpThatPassesTheLimit() throws IOException {
        Path f = file(HEADER + "zswap: {variant: kref}\ntasks:\n  - cpu: 0\n    run:\n"
                + "      - zswap_store: 10000\n".repeat(26));
        assertRejected(cli("run", f.toString()), "bad.yaml:32:9: ", "more than 250000 ops");
    }

    /** Before: 1,024 CPUs with 1,024 hardirq sources ran for more than 300 s. */
    @Test
    void tooManyInterruptSources_rejectedAtTheInterruptThatPassesTheLimit() throws IOException {
        Path f = file("scenario: x\ncpus: 1024\nhandlers: {h: [note: x]}\ntasks:\n  - cpu: 0\n    run: [note: x]\n"
                + "interrupts:\n" + "  - hardirq: h\n".repeat(1024));
        assertRejected(cli("run", f.toString()), "bad.yaml:12:5: ", "interrupts[4]: interrupts may arrive in more than 4096 places");
    }

    /** Before: "nested too deeply" with no position, depending on -Xss. */
    @Test
    void deepCallChain_rejectedAtTheCallThatPassesTheLimit() throws IOException {
        StringBuilder b = new StringBuilder(HEADER + "handlers:\n");
        for (int i = 0; i < 4000; i++) {
            b.append("  h").append(i).append(": [call: h").append(i + 1).append("]\n");
        }
        b.append("  h4000: [note: end]\ntasks:\n  - cpu: 0\n    run: [call: h0]\n");
        assertRejected(cli("run", file(b.toString()).toString()), "bad.yaml:68:", "call: h65 nests calls more than 64 deep: h0 -> h1 -> h2 -> ... -> h63 -> h64 -> h65");
    }

    /** A megabyte of one word in a block scalar: "x" * 999 on each of 1,000 lines. */
    private static String megabyteBlock(char c, String indent) {
        return (indent + String.valueOf(c).repeat(999) + "\n").repeat(1000);
    }

    /** Before: the "did you mean" table for a 1 MB unknown op took minutes (a 3.5 MB one 7 minutes). */
    @Test
    void megabyteUnknownOp_rejectedWithoutAHint() throws IOException {
        Path f = file(HEADER + "tasks:\n  - cpu: 0\n    run:\n      - |\n" + megabyteBlock('x', "        "));
        assertRejected(cli("run", f.toString()), f + ":6:9:", "unknown op 'xxxxxxxx");
    }

    /** Before: the error listed every declared name in full: a 1 MB lock name made a 1 MB message. */
    @Test
    void megabyteLockName_listedShortened() throws IOException {
        Path f = file(HEADER + "locks:\n  ? |\n" + megabyteBlock('a', "    ") + "  : spinlock\n"
                + "tasks:\n  - cpu: 0\n    run: [ spin_lock: B ]\n");
        Cli r = cli("run", f.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown lock 'B' (declared: aaaa").contains("...)").doesNotContain("Exception");
        assertThat(r.err().length()).isLessThan(400);
    }

    /** Before: 20,000 aliases of a 1 MB note expanded until the heap ran out (exit 3). */
    @Test
    void aliasesOfALargeScalar_rejectedAtTheAliasPastTheLimit() throws IOException {
        StringBuilder y = new StringBuilder(HEADER + "tasks:\n  - cpu: 0\n    run:\n      - note: &n |\n");
        y.append(megabyteBlock('n', "          "));
        y.append("      - note: *n\n".repeat(5));
        Path f = file(y.toString());
        // The note is lines 7-1006; the first four aliases bring in 4,000,000 characters, the fifth (line 1011) passes 4 MiB.
        assertRejected(cli("run", f.toString()), f + ":1011:15:", "alias *n brings the text its aliases copy past");
    }
}
