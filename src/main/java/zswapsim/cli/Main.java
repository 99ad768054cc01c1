package zswapsim.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import zswapsim.scenario.ScenarioException;

/** {@code zswapsim}: the command line of SCENARIO-FORMAT.md §2. */
@Command(name = "zswapsim", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Simulates the Linux kernel's zswap locking: CPUs, softirqs, RCU,",
                "percpu_ref and lockdep. Run a scenario, check every schedule of it, or",
                "explore many seeded runs."},
        subcommands = {RunCommand.class, CheckCommand.class, ExploreCommand.class, ExplainCommand.class, ReportCommand.class,
                PlayCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:ran (and, for check, every expectation held)", "1:an expectation failed",
                "2:bad input or usage", "3:internal error"},
        footerHeading = "%nEnvironment:%n",
        footer = {"  ZSWAPSIM_JAVA_OPTS  JVM options, e.g. -Xmx8g for a large check",
                "  ZSWAPSIM_DEBUG      if set, an internal error prints its stack trace"})
public final class Main implements Runnable {
    /** Initialised before any actor system, so that SLF4J does not replay its start-up. */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Main.class);
    static final String VERSION = "0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        ProcessGuard.install();
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        ProcessGuard.finished();
        System.exit(code);
    }

    /** Runs the command line and returns its exit status (used by tests too). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, System.in, out, err);
    }

    /**
     * The same, with {@code in} as standard input (what {@code play} reads its commands from);
     * control characters are shown, not sent.
     */
    public static int execute(String[] args, java.io.InputStream in, PrintWriter rawOut, PrintWriter rawErr) {
        PrintWriter out = new PrintWriter(new TerminalSafeWriter(rawOut), true);
        PrintWriter err = new PrintWriter(new TerminalSafeWriter(rawErr), true);
        LOG.debug("zswapsim {}", String.join(" ", args));
        CommandLine cli = new CommandLine(new Main());
        ((PlayCommand) cli.getSubcommands().get("play").getCommand()).in = in;
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new Version()));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof ScenarioException ? ExitCodes.BAD_INPUT : ExitCodes.INTERNAL_ERROR);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ScenarioException) {
                cmd.getErr().println("zswapsim: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            if (ProcessGuard.isFatal(e)) {
                cmd.getErr().flush();
                ProcessGuard.report(e);
                return ExitCodes.INTERNAL_ERROR;
            }
            cmd.getErr().println("zswapsim: internal error: " + e);
            if (System.getenv("ZSWAPSIM_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return ExitCodes.INTERNAL_ERROR;
        });
        cli.setParameterExceptionHandler((e, args2) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("zswapsim: " + e.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.BAD_INPUT;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (VirtualMachineError e) {
            err.flush();
            ProcessGuard.report(e);
            code = ExitCodes.INTERNAL_ERROR;
        }
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (run, check, explore, report, explain, play, bench)");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"zswapsim " + VERSION};
        }
    }
}
