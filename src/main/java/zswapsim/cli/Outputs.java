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
            throw new ScenarioException(out + ": cannot write: " + e.getMessage());
        }
    }

    /** An output equal to an input would destroy it: refuse (exit 2). */
    static void refuseOverwritingInputs(Path input, Path otherInput, Path... outputs) {
        for (Path out : outputs) {
            if (out == null) {
                continue;
            }
            if (same(out, input) || otherInput != null && same(out, otherInput)) {
                throw new ScenarioException(out + ": refusing to write an output over an input file");
            }
        }
    }

    private static boolean same(Path a, Path b) {
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
