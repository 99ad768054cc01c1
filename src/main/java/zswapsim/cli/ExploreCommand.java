package zswapsim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import zswapsim.explore.ExploreStats;
import zswapsim.explore.Explorer;
import zswapsim.explore.RunSummary;
import zswapsim.kernel.Kernel;
import zswapsim.report.ExploreReport;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioException;
import zswapsim.scenario.ScenarioLoader;
import zswapsim.trace.Json;

/** {@code zswapsim explore}: many seeded runs and their statistics. */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = {"Run a scenario with many seeds and report statistics.",
                "Runs are spread over a pool of actor workers; results depend on the seeds",
                "only. Reports how often it deadlocks (with a 95%% confidence interval), how",
                "often lockdep reports, and how many steps a deadlock takes. --compare runs",
                "a second scenario (e.g. the fix) over the same seeds, side by side."})
final class ExploreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The scenario file (YAML).")
    Path file;

    @Option(names = "--runs", description = "Number of seeded runs (default: ${DEFAULT-VALUE}).")
    int runs = 1000;

    @Option(names = "--seed", description = "First seed; run i uses seed+i (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--compare", paramLabel = "OTHER.yaml", description = "Also run this scenario over the same seeds.")
    Path compare;

    @Option(names = "--max-steps", description = "Step limit per run (default: ${DEFAULT-VALUE}).")
    int maxSteps = 10_000;

    @Option(names = "--workers", description = "Worker actors (default: the number of cores, ${DEFAULT-VALUE}).")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--json", description = "Print one JSON object per scenario file.")
    boolean json;

    @Option(names = "--report", converter = Outputs.Target.class, paramLabel = "OUT.html",
            description = "Also write the statistics, their plots and the deadlocking seeds as a self-contained HTML page.")
    Path report;

    @Override
    public Integer call() {
        if (runs < 1 || workers < 1 || maxSteps < 1) {
            throw new ScenarioException("--runs, --workers and --max-steps must be at least 1");
        }
        if (seed > Long.MAX_VALUE - (runs - 1)) {
            // seed+i would wrap to negative seeds, and the report's "seeds A..B" would lie.
            throw new ScenarioException("--seed " + seed + " with --runs " + runs + " goes past the largest seed, "
                    + Long.MAX_VALUE + ": start at " + (Long.MAX_VALUE - (runs - 1)) + " or lower");
        }
        Outputs.refuseBadOutputs(file, compare, report);
        Outputs.refuseOnJsonStdout(json, report, "--report");
        List<Path> files = new ArrayList<>(List.of(file));
        if (compare != null) {
            files.add(compare);
        }
        ProcessGuard.doing("exploring " + file);
        List<Scenario> scenarios = files.stream().map(ScenarioLoader::load).toList();
        List<ExploreStats> stats = new ArrayList<>();
        List<ExploreReport.Column> columns = new ArrayList<>();
        for (Scenario s : scenarios) {
            List<RunSummary> summaries = Explorer.explore(Kernel.of(s), seed, runs, maxSteps, workers);
            ExploreStats st = ExploreStats.of(summaries);
            stats.add(st);
            if (report != null) {
                columns.add(new ExploreReport.Column(s, st, summaries));
            }
        }
        if (report != null) {
            writeReport(columns);
        }
        var out = spec.commandLine().getOut();
        if (json) {
            for (int i = 0; i < scenarios.size(); i++) {
                out.println(toJson(scenarios.get(i), stats.get(i)));
            }
        } else {
            out.print(table(scenarios, stats));
        }
        return ExitCodes.OK;
    }

    private void writeReport(List<ExploreReport.Column> columns) {
        Outputs.write(report, ExploreReport.render(columns), spec.commandLine().getOut());
    }

    private String toJson(Scenario s, ExploreStats st) {
        Json j = new Json().beginObject().field("file", s.file()).field("scenario", s.name()).field("runs", st.runs())
                .field("first_seed", seed);
        ExploreReport.statsFields(j, st);
        return j.endObject().toString();
    }

    private String table(List<Scenario> scenarios, List<ExploreStats> stats) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%d runs per scenario, seeds %d..%d%n%n", runs, seed, seed + runs - 1));
        String fmt = "%-30s" + " %-30s".repeat(scenarios.size()) + "%n";
        List<Object> row = new ArrayList<>(List.of(""));
        scenarios.forEach(s -> row.add(Path.of(s.file()).getFileName().toString()));
        b.append(String.format(fmt, row.toArray()));
        addRow(b, fmt, "deadlock rate (95% CI)", stats, st -> String.format("%.2f%% [%.2f%%, %.2f%%]",
                100 * st.deadlockRate(), 100 * st.ciLow(), 100 * st.ciHigh()));
        addRow(b, fmt, "deadlocked runs", stats, st -> Integer.toString(st.deadlocks()));
        addRow(b, fmt, "lockdep report rate", stats, st -> String.format("%.2f%%", 100 * st.lockdepRate()));
        addRow(b, fmt, "lockdep kinds (runs)", stats, st -> st.lockdepKinds().isEmpty() ? "-" : kindsText(st.lockdepKinds()));
        addRow(b, fmt, "steps to deadlock mean", stats, st -> num(st.stepsMean()));
        addRow(b, fmt, "steps to deadlock median", stats, st -> num(st.stepsMedian()));
        addRow(b, fmt, "steps to deadlock p95", stats, st -> num(st.stepsP95()));
        addRow(b, fmt, "first deadlocking seed", stats, st -> st.firstDeadlockSeed() == null ? "-" : st.firstDeadlockSeed().toString());
        addRow(b, fmt, "runs cut by --max-steps", stats, st -> Integer.toString(st.stepLimitRuns()));
        return b.toString();
    }

    private static String num(double d) {
        return Double.isNaN(d) ? "-" : String.format("%.1f", d);
    }

    private static void addRow(StringBuilder b, String fmt, String label, List<ExploreStats> stats,
                               java.util.function.Function<ExploreStats, String> cell) {
        List<Object> row = new ArrayList<>(List.of(label));
        stats.forEach(st -> row.add(cell.apply(st)));
        b.append(String.format(fmt, row.toArray()));
    }

    /** "circular-locking in 100, inconsistent-lock-state in 3" (in the map's own order). */
    private static String kindsText(java.util.Map<String, ? extends Number> kinds) {
        return String.join(", ", kinds.entrySet().stream().map(e -> e.getKey() + " in " + e.getValue()).toList());
    }
}
