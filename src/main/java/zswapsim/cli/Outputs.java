package zswapsim.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import zswapsim.scenario.ScenarioException;
import zswapsim.trace.AtomicFiles;

/** Guards for output paths, and the one way commands write their output files. */
final class Outputs {
    private Outputs() {
    }

    /** The output path that means standard output. */
    static final String STDOUT = "-";

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
