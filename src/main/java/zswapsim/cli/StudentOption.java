package zswapsim.cli;

import picocli.CommandLine.Option;

/** {@code --student}, shared by run, report and check: keep the answers out of sight. */
final class StudentOption {
    @Option(names = "--student",
            description = "Workshop mode: hide the scenario's about:, answer: and expect:"
                    + " (HTML: behind a 'show answer' button; text: a line says how to see them).")
    boolean student;

    /** The line that stands in for what --student hid, in text output. */
    static String hiddenLine(String what) {
        return what + " hidden by --student: run the same command without --student to see it";
    }
}
