package zswapsim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import zswapsim.explore.RunLoop;
import zswapsim.explore.RunResult;
import zswapsim.explore.SeededScheduler;
import zswapsim.kernel.Kernel;
import zswapsim.report.HtmlReport;
import zswapsim.report.TextReport;
import zswapsim.runtime.ActorRuntime;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioException;
import zswapsim.scenario.ScenarioLoader;

/** {@code zswapsim report}: the HTML report of one seeded run, or of two side by side. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a self-contained HTML report of a run (or of two, with --compare).",
                "Timeline per CPU, RCU grace periods and callbacks, lockdep, step-through."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "The scenario file (YAML).")
    Path file;

    @Option(names = "--compare", arity = "2", paramLabel = "FILE",
            description = "Two scenario files (or the same one twice, with --seed-b): one report, timelines aligned by step.")
    List<Path> compare;

    @Option(names = "--seed", description = "Seed of the scheduler's random choices (default: ${DEFAULT-VALUE}).")
    long seed = RunCommand.DEFAULT_SEED;

    @Option(names = "--seed-b", description = "Seed of the second run of --compare (default: the --seed).")
    Long seedB;

    @Option(names = "--max-steps", description = "Stop each run after this many steps (default: ${DEFAULT-VALUE}).")
    int maxSteps = 10_000;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.html", description = "Where to write the report.")
    Path output;

    @Override
    public Integer call() {
        validate();
        ProcessGuard.doing("making the report " + output);
        String html;
        if (compare != null) {
            Outputs.refuseOverwritingInputs(compare.get(0), compare.get(1), output);
            Scenario a = ScenarioLoader.load(compare.get(0));
            Scenario b = ScenarioLoader.load(compare.get(1));
            RunResult ra = run(a, seed);
            RunResult rb = run(b, seedB == null ? seed : seedB);
            html = HtmlReport.renderCompare(ra, a, rb, b);
            say("A", ra);
            say("B", rb);
        } else {
            Outputs.refuseOverwritingInputs(file, null, output);
            Scenario s = ScenarioLoader.load(file);
            RunResult r = run(s, seed);
            html = HtmlReport.render(r, s);
            say(null, r);
        }
        Outputs.write(output, html, spec.commandLine().getOut());
        spec.commandLine().getOut().println("report written to " + output);
        return ExitCodes.OK;
    }

    private void validate() {
        if ((file == null) == (compare == null)) {
            throw new ScenarioException("give either one scenario FILE or --compare A.yaml B.yaml");
        }
        if (maxSteps < 1) {
            throw new ScenarioException("--max-steps must be at least 1 (got " + maxSteps + ")");
        }
        if (seedB != null && compare == null) {
            throw new ScenarioException("--seed-b only makes sense with --compare");
        }
    }

    /** A traced run on the actor runtime, exactly as {@code run} does it. */
    private RunResult run(Scenario scenario, long runSeed) {
        return ActorRuntime.run(new RunLoop(Kernel.of(scenario), new SeededScheduler(runSeed), runSeed, maxSteps, true));
    }

    private void say(String label, RunResult r) {
        String first = TextReport.outcome(r).lines().findFirst().orElse("");
        spec.commandLine().getOut().println((label == null ? "" : label + ": ") + r.file() + " seed " + r.seed() + ": " + first);
    }
}
