package zswapsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import zswapsim.sim.ReplayScheduler;
import zswapsim.sim.RunLoop;
import zswapsim.sim.RunResult;
import zswapsim.sim.Scheduler;
import zswapsim.sim.SeededScheduler;
import zswapsim.kernel.Kernel;
import zswapsim.report.HtmlReport;
import zswapsim.report.PerfettoWriter;
import zswapsim.report.ReportView;
import zswapsim.report.RunJson;
import zswapsim.report.TextReport;
import zswapsim.runtime.ActorRuntime;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioException;
import zswapsim.scenario.ScenarioLoader;
import zswapsim.trace.TraceWriter;

/** {@code zswapsim run}: one run on the actor runtime. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a scenario once on the actor runtime and show what happened, step by step.",
                "The same scenario, seed and version always give the same run."})
final class RunCommand implements Callable<Integer> {
    /** Shows the pre-fix deadlock on scenarios/zswap/percpu-ref.yaml (see the README). */
    static final long DEFAULT_SEED = 4;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The scenario file (YAML).")
    Path file;

    @Option(names = "--seed", description = "Seed of the scheduler's random choices (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULT_SEED;

    @Option(names = "--schedule", paramLabel = "FILE",
            description = "Replay this schedule (a file with the 'schedule' of run --json or check's counterexample);"
                    + " past its end the run goes on with --seed, by default the seed a run --json line was recorded with.")
    Path schedule;

    @Option(names = "--max-steps", description = "Stop after this many steps (default: ${DEFAULT-VALUE}).")
    int maxSteps = 10_000;

    @Option(names = "--trace", converter = Outputs.Target.class, paramLabel = "OUT.jsonl", description = "Write every event, one JSON object per line.")
    Path trace;

    @Option(names = "--report", converter = Outputs.Target.class, paramLabel = "OUT.html", description = "Write a self-contained HTML report of the run.")
    Path report;

    @Option(names = "--perfetto", converter = Outputs.Target.class, paramLabel = "OUT.json",
            description = "Write the run in Chrome Trace Event Format, for ui.perfetto.dev.")
    Path perfetto;

    @Option(names = "--json", description = "Print one JSON object (docs/scenario-format.md) instead of text.")
    boolean json;

    @Mixin
    StudentOption student = new StudentOption();

    @Override
    public Integer call() {
        if (maxSteps < 1) {
            throw new ScenarioException("--max-steps must be at least 1 (got " + maxSteps + ")");
        }
        Outputs.refuseBadOutputs(file, schedule, trace, report, perfetto);
        Outputs.refuseSharedTargets(trace, report, perfetto);
        Outputs.refuseOnJsonStdout(json, report, "--report");
        Outputs.refuseOnJsonStdout(json, perfetto, "--perfetto");
        Outputs.refuseOnJsonStdout(json, trace, "--trace");
        ProcessGuard.doing("running " + file);
        Scenario scenario = ScenarioLoader.load(file);
        Kernel kernel = Kernel.of(scenario);
        ScheduleFile.Recorded replay = schedule == null ? null : ScheduleFile.read(schedule, file, spec.commandLine().getErr());
        if (replay != null && replay.seed() != null && !spec.commandLine().getParseResult().hasMatchedOption("--seed")) {
            seed = replay.seed();   // a run --json line replays byte for byte, its seed included
        }
        Scheduler scheduler = new SeededScheduler(seed);
        if (replay != null) {
            scheduler = new ReplayScheduler(schedule.toString(), replay.moves(), scheduler);
        }
        RunResult result = ActorRuntime.run(new RunLoop(kernel, scheduler, seed, maxSteps, true));
        PrintWriter out = spec.commandLine().getOut();
        if (trace != null) {
            Outputs.write(trace, TraceWriter.toJsonl(result.events()), out);
        }
        if (report != null) {
            Outputs.write(report, HtmlReport.render(result, scenario, new ReportView(student.student, null)), out);
        }
        if (perfetto != null) {
            Outputs.write(perfetto, PerfettoWriter.toJson(result), out);
        }
        String hidden = student.student ? StudentOption.hiddenLine("The answer (the lesson's about: and answer:) is") : null;
        out.print(json ? RunJson.of(result) + "\n" : TextReport.render(result, scenario.lesson(), hidden));
        return ExitCodes.OK;
    }
}
