package zswapsim.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line in a JVM of its own, as {@code ./zswapsim} does, for what an in-process
 * run cannot show: exit statuses from {@code Runtime.halt}, out-of-memory with a small heap, signals.
 */
record Subprocess(int status, String out, String err) {
    private static final long GUARD_SECONDS = 60;

    /** Starts {@code java JVM_OPTS zswapsim.cli.Main ARGS}; {@code dir} receives its output streams. */
    static Process start(Path dir, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile())
                .start();
    }

    /** Waits for {@code p} (killing it past a generous guard: a hang fails the test, never the build). */
    static Subprocess finish(Process p, Path dir) throws IOException, InterruptedException {
        if (!p.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("still running after " + GUARD_SECONDS + " s");
        }
        return new Subprocess(p.exitValue(), Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
    }

    static Subprocess run(Path dir, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        return finish(start(dir, jvmOptions, args), dir);
    }
}
