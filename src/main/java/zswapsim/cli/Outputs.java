package zswapsim.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import zswapsim.scenario.ScenarioException;
import zswapsim.trace.AtomicFiles;

/** Guards for output paths, and the one way commands write their output files. */
final class Outputs {
    private Outputs() {
    }

    /** The output path that means standard output. */
    static final String STDOUT = "-";
    /** The paths through which a process reaches its own standard output, where the system has them. */
    private static final Path STDOUT_DEVICE = Path.of("/dev/stdout");
    private static final Path NULL_DEVICE = Path.of("/dev/null");

    /**
     * An output option's path. One that ends in {@code /} names a directory, which the JDK's path
     * would silently drop (writing a file of the last name): refused as bad input.
     */
    static final class Target implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            if (value.length() > 1 && value.endsWith("/")) {
                throw new CommandLine.TypeConversionException("'" + value + "' names a directory; give the output a file name");
            }
            return Path.of(value);
        }
    }

    /**
     * Does {@code out} write to standard output: {@code -}, or a path to the file, pipe or terminal
     * it goes to ({@code /dev/stdout}, {@code /proc/self/fd/1}, the file it is redirected to)?
     * {@code /dev/null} mixes nothing, whatever standard output is.
     */
    static boolean isStdout(Path out) {
        if (out.toString().equals(STDOUT)) {
            return true;
        }
        return Files.exists(STDOUT_DEVICE) && Files.exists(out) && same(out, STDOUT_DEVICE) && !same(out, NULL_DEVICE);
    }

    /**
     * Writes {@code content} to {@code out}: {@code -} is {@code stdout}, anything else goes through
     * {@link AtomicFiles}. A path that cannot be written is bad input (exit 2), not an internal error.
     */
    static void write(Path out, String content, PrintWriter stdout) {
        if (out.toString().equals(STDOUT)) {
            stdout.print(content);
            stdout.flush();
            return;
        }
        try {
            AtomicFiles.write(out, content);
            ProcessGuard.wrote(out);
        } catch (java.io.IOException e) {
            throw new ScenarioException(out + ": cannot write: " + reason(e));
        }
    }

    /** Why a write failed, in words: the JDK's exceptions for missing paths and permissions carry only the path. */
    private static String reason(java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }

    /**
     * Before any work: an output equal to an input would destroy it, and one in a directory that
     * does not exist cannot be written (a typo is not a reason to create directories): refuse (exit 2).
     */
    static void refuseBadOutputs(Path input, Path otherInput, Path... outputs) {
        for (Path out : outputs) {
            if (out == null || out.toString().equals(STDOUT)) {
                continue;
            }
            Path dir = out.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                throw new ScenarioException(out + ": cannot write: the directory " + dir + " does not exist");
            }
            if (same(out, input) || otherInput != null && same(out, otherInput)) {
                throw new ScenarioException(out + ": refusing to write an output over an input file");
            }
        }
    }

    /**
     * Before any work: two outputs of one command on the same file (or both on {@code -}) would
     * leave one written over the other, or both mixed on stdout; refuse (exit 2).
     */
    static void refuseSharedTargets(Path... outputs) {
        for (int i = 0; i < outputs.length; i++) {
            for (int j = 0; j < i; j++) {
                Path a = outputs[j];
                Path b = outputs[i];
                if (a != null && b != null && (isStdout(a) ? isStdout(b) : !isStdout(b) && same(a, b))) {
                    throw new ScenarioException(b + ": cannot write two outputs to it; give each output a file of its own");
                }
            }
        }
    }

    /**
     * Before any work: with {@code --json} standard output carries JSON lines only, so an output on
     * it ({@link #isStdout}) that is not JSON lines (an HTML page, a Perfetto document, a trace) is
     * refused (exit 2).
     */
    static void refuseOnJsonStdout(boolean json, Path out, String option) {
        if (json && out != null && isStdout(out)) {
            throw new ScenarioException(option + " " + out + ": --json prints only JSON lines on standard output; write "
                    + option + " to a file");
        }
    }

    /** The same file (or, for paths not there yet, the same path). */
    static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
