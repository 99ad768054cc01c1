package zswapsim.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures what a user would see. */
record Cli(int status, String out, String err) {
    static Cli run(String... args) {
        return runWithInput("", args);
    }

    /** The same, with {@code stdin} as standard input. */
    static Cli runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new java.io.ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                new PrintWriter(out), new PrintWriter(err));
        return new Cli(status, out.toString(), err.toString());
    }
}
