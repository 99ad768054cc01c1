package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zswapsim.trace.AtomicFiles;

/**
 * Output targets: regular files are replaced atomically, devices and FIFOs are written through
 * and stay what they are, directories are refused, and a good file survives a failed write.
 */
class OutputTargetsTest {
    private static final String SCENARIO = "scenarios/zswap/kref.yaml";
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;

    @TempDir
    Path dir;

    private static int type(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode") & S_IFMT;
    }

    /** Before: the rename replaced the device with a regular file (as root, the system's /dev/null). */
    @Test
    void reportThroughSymlinkToDevNull_leavesTheDevice() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("null-link"), Path.of("/dev/null"));
        Cli r = Cli.run("run", SCENARIO, "--report", link.toString());
        assertThat(r.status()).isEqualTo(0);
        assertThat(r.err()).isEmpty();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(type(Path.of("/dev/null"))).isEqualTo(S_IFCHR);
        Files.delete(link);   // JUnit would warn about a link out of its temporary directory
    }

    /** A FIFO gets the bytes as a stream and is still a FIFO afterwards. */
    @Test
    void traceToFifo_streamsAndKeepsTheFifo() throws Exception {
        Path fifo = dir.resolve("trace.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isEqualTo(0);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = Files.newInputStream(fifo)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Cli r = Cli.run("run", SCENARIO, "--trace", fifo.toString());
            assertThat(r.status()).isEqualTo(0);
            assertThat(read.get()).startsWith("{\"step\":");
        });
        assertThat(type(fifo)).isEqualTo(S_IFIFO);
    }

    /** {@code -} is standard output. */
    /** An output in a directory that does not exist is refused before the run, and nothing is created. */
    @Test
    void reportInMissingDirectory_exit2AndNoDirectoryMade() {
        Path missing = dir.resolve("no-such-dir");
        for (String option : new String[] {"--report", "--trace", "--perfetto"}) {
            Cli r = Cli.run("run", SCENARIO, option, missing.resolve("sub/out").toString());
            assertThat(r.status()).as(option).isEqualTo(2);
            assertThat(r.err()).as(option).isEqualTo("zswapsim: " + missing.resolve("sub/out") + ": cannot write: the directory "
                    + missing.resolve("sub") + " does not exist\n");
        }
        assertThat(Files.exists(missing)).isFalse();
    }

    @Test
    void traceToDash_goesToStdout() {
        Cli r = Cli.run("run", SCENARIO, "--trace", "-");
        assertThat(r.status()).isEqualTo(0);
        assertThat(r.out()).startsWith("{\"step\":").contains("outcome: ");
    }

    /**
     * Before: `run --json --report -` (and --perfetto -, check and explore --json --report -) printed
     * an HTML page or a Perfetto document among the JSON lines, exit 0; `run --json --trace -` printed
     * the trace's events before the run's one line.
     */
    @Test
    void outputToDash_withJson_refused() {
        String[][] commands = {{"run", SCENARIO, "--json", "--report", "-"}, {"run", SCENARIO, "--json", "--perfetto", "-"},
            {"run", SCENARIO, "--json", "--trace", "-"},
            {"check", SCENARIO, "--json", "--report", "-"}, {"explore", SCENARIO, "--runs", "2", "--json", "--report", "-"}};
        for (String[] command : commands) {
            Cli r = Cli.run(command);
            String option = command[command.length - 2];
            assertThat(r.status()).as(String.join(" ", command)).isEqualTo(2);
            assertThat(r.out()).as(String.join(" ", command)).isEmpty();
            assertThat(r.err()).isEqualTo("zswapsim: " + option + " -: --json prints only JSON lines on standard output; write "
                    + option + " to a file\n");
        }
    }

    /**
     * Before: `run --json --report /dev/stdout` printed the HTML page among the JSON lines, exit 0.
     * A path to standard output is standard output, whether /dev/stdout or the file stdout goes to.
     */
    @Test
    void outputOnStdoutByPath_withJson_refused() throws Exception {
        for (String target : new String[] {"/dev/stdout", dir.resolve("stdout").toString()}) {
            Subprocess r = Subprocess.run(dir, List.of(), "run", SCENARIO, "--json", "--report", target);
            assertThat(r.status()).as(target).isEqualTo(2);
            assertThat(r.out()).as(target).isEmpty();
            assertThat(r.err()).as(target).isEqualTo("zswapsim: --report " + target
                    + ": --json prints only JSON lines on standard output; write --report to a file\n");
        }
        Subprocess toNull = Subprocess.run(dir, List.of(), "run", SCENARIO, "--json", "--report", "/dev/null");
        assertThat(toNull.status()).isEqualTo(0);
        assertThat(toNull.out()).startsWith("{\"file\":");
    }

    /** Before: `--trace dir/new/` wrote a file named `new`, the JDK's path having dropped the slash. */
    @Test
    void outputEndingInSlash_refusedAndNothingWritten() {
        Path named = dir.resolve("new");
        Cli r = Cli.run("run", SCENARIO, "--trace", named + "/");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("zswapsim: Invalid value for option '--trace': '" + named
                + "/' names a directory; give the output a file name\n");
        assertThat(Files.exists(named)).isFalse();
    }

    /** Before: `--report X --trace X` exited 0 with the report written over the trace. */
    @Test
    void twoOutputsOnOneFile_refusedAndTheFileUntouched() throws IOException {
        Path same = Files.writeString(dir.resolve("same.out"), "good");
        Cli r = Cli.run("run", SCENARIO, "--trace", same.toString(), "--report", same.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("zswapsim: " + same + ": cannot write two outputs to it; give each output a file of its own\n");
        assertThat(Files.readString(same)).isEqualTo("good");
        Cli dashes = Cli.run("run", SCENARIO, "--trace", "-", "--perfetto", "-");
        assertThat(dashes.status()).isEqualTo(2);
        assertThat(dashes.out()).isEmpty();
    }

    /** A directory is refused with one line and exit 2. */
    @Test
    void reportOnDirectory_refused() {
        Cli r = Cli.run("run", SCENARIO, "--report", dir.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains(dir + ": cannot write: it is a directory");
    }

    /** A link to a regular file: the file is replaced, the link stays a link. */
    @Test
    void reportThroughSymlinkToFile_replacesTheFileKeepsTheLink() throws IOException {
        Path file = Files.writeString(dir.resolve("r.html"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.html"), file.getFileName());
        Cli r = Cli.run("run", SCENARIO, "--report", link.toString());
        assertThat(r.status()).isEqualTo(0);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>");
    }

    /** A write that fails part-way leaves the old file as it was, and no temporary file behind. */
    @Test
    void failedWrite_keepsTheOldFile() throws IOException {
        Path file = Files.writeString(dir.resolve("keep.jsonl"), "good\n");
        CharSequence failing = new FailingText(1 << 20, 300_000);
        assertThatThrownBy(() -> AtomicFiles.write(file, failing)).hasMessageContaining("disk went away");
        assertThat(Files.readString(file)).isEqualTo("good\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    /** Text of {@code length} characters whose reading fails past {@code failAt}, like a disk that fills up. */
    private record FailingText(int length, int failAt) implements CharSequence {
        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index >= failAt) {
                throw new IllegalStateException("disk went away");
            }
            return 'x';
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            StringBuilder b = new StringBuilder();
            for (int i = start; i < end; i++) {
                b.append(charAt(i));
            }
            return b;
        }

        @Override
        public String toString() {
            return subSequence(0, length).toString();
        }
    }
}
