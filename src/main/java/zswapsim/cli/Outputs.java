package zswapsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import zswapsim.scenario.ScenarioException;

/** Guards for output paths. */
final class Outputs {
    private Outputs() {
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
