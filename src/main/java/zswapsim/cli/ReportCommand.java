package zswapsim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import zswapsim.sim.RunLoop;
import zswapsim.sim.RunResult;
import zswapsim.sim.SeededScheduler;
import zswapsim.kernel.Kernel;
import zswapsim.report.HtmlReport;
import zswapsim.report.ReportView;
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

    @Option(names = "--compare", arity = "1..2", paramLabel = "OTHER.yaml",
            description = "Put a second run beside FILE's (FILE --compare OTHER.yaml), or"
                    + " compare two files (--compare A.yaml B.yaml); the same file twice"
                    + " with --seed-b compares two seeds. Timelines aligned by step.")
    List<Path> compare;

    @Option(names = "--seed", description = "Seed of the scheduler's random choices (default: ${DEFAULT-VALUE}).")
    long seed = RunCommand.DEFAULT_SEED;

    @Option(names = "--seed-b", description = "Seed of the second run of --compare (default: the --seed).")
    Long seedB;

    @Option(names = "--max-steps", description = "Stop each run after this many steps (default: ${DEFAULT-VALUE}).")
    int maxSteps = 10_000;

    @Mixin
    StudentOption student = new StudentOption();

    @Option(names = {"-o", "--output"}, converter = Outputs.Target.class, required = true, paramLabel = "OUT.html", description = "Where to write the report.")
    Path output;

    @Override
    public Integer call() {
        validate();
        ProcessGuard.doing("making the report " + output);
        String html;
        if (compare != null) {
            List<Path> both = new java.util.ArrayList<>();
            if (file != null) {
                both.add(file);
            }
            both.addAll(compare);
            Outputs.refuseBadOutputs(both.get(0), both.get(1), output);
            Scenario a = ScenarioLoader.load(both.get(0));
            Scenario b = ScenarioLoader.load(both.get(1));
            RunResult ra = run(a, seed);
            RunResult rb = run(b, seedB == null ? seed : seedB);
            html = HtmlReport.renderCompare(ra, a, rb, b, view());
            say("A", ra);
            say("B", rb);
        } else {
            Outputs.refuseBadOutputs(file, null, output);
            Scenario s = ScenarioLoader.load(file);
            RunResult r = run(s, seed);
            html = HtmlReport.render(r, s, view());
            say(null, r);
        }
        Outputs.write(output, html, spec.commandLine().getOut());
        spec.commandLine().getOut().println("report written to " + output);
        return ExitCodes.OK;
    }

    private ReportView view() {
        return new ReportView(student.student, null);
    }

    private void validate() {
        int files = (file == null ? 0 : 1) + (compare == null ? 0 : compare.size());
        if (file == null && compare == null || compare != null && files != 2) {
            throw new ScenarioException("give one scenario FILE, FILE --compare OTHER.yaml, or --compare A.yaml B.yaml"
                    + " (got " + files + " file" + (files == 1 ? "" : "s") + ")");
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
