package zswapsim.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import zswapsim.explore.CheckOptions;
import zswapsim.explore.MemoryWatch;
import zswapsim.explore.CheckResult;
import zswapsim.explore.Checker;
import zswapsim.explore.CutReason;
import zswapsim.explore.Explorer;
import zswapsim.sim.RunLoop;
import zswapsim.sim.RunResult;
import zswapsim.explore.ScenarioGenerator;
import zswapsim.sim.SeededScheduler;
import zswapsim.kernel.Kernel;
import org.apache.pekko.actor.typed.DispatcherSelector;
import zswapsim.runtime.ActorRuntime;
import zswapsim.runtime.PingPong;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioException;
import zswapsim.scenario.ScenarioLoader;

/**
 * {@code zswapsim bench}: prints throughput figures. Wall-clock time is read here only, to report
 * speed; it never changes what a run does.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the simulator's speed and print the figures.",
                "Actor-runtime steps/s next to a bare Pekko ping-pong and the in-process",
                "loop, lockdep's cost, check's states/s and memory on the bundled and",
                "generated scenarios, and explore's runs/s."})
final class BenchCommand implements Callable<Integer> {
    private static final String BUG = "scenarios/zswap/percpu-ref.yaml";
    /** Measured rounds of each runtime figure, after the warm-up. */
    private static final int ROUNDS = 10;
    /** How long the runtime figures' rounds run before they count: until the JIT has compiled the hot paths. */
    private static final long WARMUP_NANOS = 3_000_000_000L;
    private static final List<String> ZSWAP = List.of("kref", "percpu-ref", "percpu-ref-irq-fix", "percpu-ref-bh-fix",
            "percpu-ref-offloaded");

    @Spec
    CommandSpec spec;

    @Option(names = "--max-cpus", description = "Largest generated scenario for check (default: ${DEFAULT-VALUE}).")
    int maxCpus = 8;

    @Option(names = "--max-states", description = "Bound for each check (default: ${DEFAULT-VALUE}).")
    long maxStates = 3_000_000;

    @Option(names = "--json", description = "Print one JSON object with the named figures instead of the table.")
    boolean json;

    /** The parts of the bench, in the order they run. */
    enum Part { runtime, check, explore }

    @Option(names = "--only", split = ",", paramLabel = "PART",
            description = "Run only these parts: ${COMPLETION-CANDIDATES} (default: all).")
    EnumSet<Part> only = EnumSet.allOf(Part.class);

    /** Every figure measured, by name, in the order measured (the --json object). */
    private final Map<String, Object> figures = new LinkedHashMap<>();

    @Override
    public Integer call() {
        if (maxCpus < 2 || maxStates < 1) {
            throw new ScenarioException("--max-cpus must be at least 2 and --max-states at least 1 (got " + maxCpus + " and "
                    + maxStates + ")");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter out = json ? new PrintWriter(java.io.Writer.nullWriter()) : stdout;
        out.println("zswapsim bench (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.version") + ")");
        figures.put("cores", Runtime.getRuntime().availableProcessors());
        if (only.contains(Part.runtime)) {
            runtimes(out);
        }
        if (only.contains(Part.check)) {
            checks(out);
        }
        if (only.contains(Part.explore)) {
            explore(out);
        }
        if (json) {
            zswapsim.trace.Json j = new zswapsim.trace.Json().beginObject();
            figures.forEach(j::field);
            stdout.println(j.endObject());
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    /**
     * The actor runtime's rates next to the in-process loop's and a bare ping-pong's, all measured
     * here, in this run. The runs are untraced and lockdep builds no splat text (nobody reads them).
     * The four measurements take turns, round after round, so that a machine whose speed drifts
     * slows them alike; the rounds of the first {@link #WARMUP_NANOS} only warm the JIT up, and each
     * figure is the best of the {@link #ROUNDS} after them, the least disturbed by whatever else
     * the machine runs.
     */
    private void runtimes(PrintWriter out) {
        Kernel k = Kernel.of(BundledScenarios.named(BUG));
        int seeds = 1000;
        int rounds = 1_000_000;
        long[] queued = {0, 0, Long.MAX_VALUE};
        long[] oneAtATime = {0, 0, Long.MAX_VALUE};
        long[] direct = {0, 0, Long.MAX_VALUE};
        long[] pingPong = {rounds, 0, Long.MAX_VALUE};
        try (ActorRuntime runtime = ActorRuntime.start(DispatcherSelector.fromConfig(ActorRuntime.SIM_DISPATCHER));
             PingPong game = PingPong.start()) {
            long warmUntil = System.nanoTime() + WARMUP_NANOS;
            for (int round = 0; round < ROUNDS; ) {
                long[] q = actorRuns(runtime, k, seeds, true);
                long[] one = actorRuns(runtime, k, seeds, false);
                long[] d = inProcessRuns(k, seeds);
                long p = game.play(rounds);
                if (System.nanoTime() < warmUntil) {
                    continue;
                }
                best(queued, q);
                best(oneAtATime, one);
                best(direct, d);
                best(pingPong, new long[] {rounds, 0, p});
                round++;
            }
        }
        String runs = "actor runtime, " + BUG + ", " + seeds + " runs";
        report(out, runs + " queued", "actor_runtime_steps_per_s", queued[0], queued[2], "steps");
        report(out, "  the same runs' delivered messages (each one Pekko message)", "actor_runtime_messages_per_s",
                queued[1], queued[2], "messages");
        report(out, "  the same runs one at a time, the caller waiting for each", "actor_runtime_one_at_a_time_messages_per_s",
                oneAtATime[1], oneAtATime[2], "messages");
        report(out, "in-process loop, same model, " + seeds + " runs", "in_process_steps_per_s", direct[0], direct[2], "steps");
        report(out, "  the same runs' deliveries", "in_process_messages_per_s", direct[1], direct[2], "messages");
        report(out, "bare Pekko strict-turn ping-pong", "ping_pong_round_trips_per_s", rounds, pingPong[2], "round trips");
        double share = (queued[1] / (queued[2] / 1e9)) / (rounds / (pingPong[2] / 1e9));
        figures.put("actor_runtime_messages_per_ping_pong_round_trip", Math.round(share * 1000) / 1000.0);
        out.printf("%-60s %14.2f%n", "  delivered messages per ping-pong round trip (target 0.5)", share);
        out.println("  (one delivered message = one Pekko message to its actor + the actor's behaviour; the Conductor");
        out.println("   picks each move and the actors hand its messages on among themselves, one in flight;");
        out.println("   the runs keep lockdep's verdicts but build no splat text and no trace, as explore's runs;");
        out.println("   the four take turns; each rate is the best of " + ROUNDS + " rounds after "
                + WARMUP_NANOS / 1_000_000_000 + " s of warm-up)");
        longRun(out);
        lockdepCost(out);
    }

    /** Keeps in {@code best} ({steps, messages, nanos}) the faster of it and {@code round}. */
    private static void best(long[] best, long[] round) {
        if (round[2] < best[2]) {
            System.arraycopy(round, 0, best, 0, 3);
        }
    }

    /** {@code seeds} seeded runs of the in-process loop, {steps, messages, nanos}. */
    private static long[] inProcessRuns(Kernel k, int seeds) {
        long steps = 0;
        long messages = 0;
        long t0 = System.nanoTime();
        for (long seed = 1; seed <= seeds; seed++) {
            RunLoop loop = new RunLoop(k, new SeededScheduler(seed), seed, 10_000, false).silentLockdep();
            steps += loop.runToEnd().steps();
            messages += loop.state().deliveries();
        }
        return new long[] {steps, messages, System.nanoTime() - t0};
    }

    /**
     * {@code seeds} seeded runs on the actor runtime, {steps, messages, nanos}: all queued on the
     * Conductor at once (it starts each when the one before ends, so the simulation thread never
     * waits), or one at a time, the caller waiting for each result (a thread hand-over each way
     * per run).
     */
    private static long[] actorRuns(ActorRuntime runtime, Kernel k, int seeds, boolean queued) {
        List<RunLoop> loops = new ArrayList<>();
        List<CompletableFuture<RunResult>> results = new ArrayList<>();
        long steps = 0;
        long t0 = System.nanoTime();
        for (long seed = 1; seed <= seeds; seed++) {
            RunLoop loop = new RunLoop(k, new SeededScheduler(seed), seed, 10_000, false).silentLockdep();
            loops.add(loop);
            if (queued) {
                results.add(runtime.submit(loop));
            } else {
                steps += runtime.runOne(loop).steps();
            }
        }
        for (CompletableFuture<RunResult> r : results) {
            steps += ActorRuntime.join(r).steps();
        }
        long nanos = System.nanoTime() - t0;
        long messages = 0;
        for (RunLoop loop : loops) {
            messages += loop.state().deliveries();
        }
        return new long[] {steps, messages, nanos};
    }

    /**
     * One long run, so that spawning the run's actors (once per run) is paid once: the actor
     * runtime's steady rate of delivered messages, the best of {@link #ROUNDS} runs after a second
     * of them (the JIT recompiles what the 2-CPU rounds before taught it).
     */
    private void longRun(PrintWriter out) {
        int cpus = 128;
        Kernel k = Kernel.of(ScenarioLoader.parse("generated", ScenarioGenerator.zswap(cpus, "percpu_ref_bh")));
        long[] best = {0, 0, Long.MAX_VALUE};
        int steps = 0;
        try (ActorRuntime runtime = ActorRuntime.start(DispatcherSelector.fromConfig(ActorRuntime.SIM_DISPATCHER))) {
            long warmUntil = System.nanoTime() + WARMUP_NANOS / 3;
            for (int round = 0; round < ROUNDS; ) {
                RunLoop loop = new RunLoop(k, new SeededScheduler(1), 1, 1_000_000, false).silentLockdep();
                long t0 = System.nanoTime();
                runtime.runOne(loop);
                long nanos = System.nanoTime() - t0;
                steps = loop.state().step();
                if (System.nanoTime() >= warmUntil) {
                    best(best, new long[] {0, loop.state().deliveries(), nanos});
                    round++;
                }
            }
        }
        report(out, "actor runtime, one run of generated " + cpus + " CPUs (" + steps + " steps)",
                "actor_runtime_long_run_messages_per_s", best[1], best[2], "messages");
    }

    /**
     * Lockdep's share of a run's time: the same seeds with the validator on (verdicts, no splat text,
     * as explore runs) and off, per bundled scenario.
     */
    private void lockdepCost(PrintWriter out) {
        for (String f : ZSWAP) {
            Kernel k = Kernel.of(BundledScenarios.named("scenarios/zswap/" + f + ".yaml"));
            // The fastest of several rounds, each mode alternating, to keep a noisy machine's noise out.
            long[] nanos = {Long.MAX_VALUE, Long.MAX_VALUE};
            for (int round = 0; round < 6; round++) {
                for (int on = 0; on < 2; on++) {
                    long t0 = System.nanoTime();
                    for (long seed = 1; seed <= 1000; seed++) {
                        RunLoop loop = new RunLoop(k, new SeededScheduler(seed), seed, 10_000, false).silentLockdep();
                        (on == 1 ? loop : loop.withoutLockdep()).runToEnd();
                    }
                    nanos[on] = Math.min(nanos[on], System.nanoTime() - t0);
                }
            }
            double cost = 100.0 * (nanos[1] - nanos[0]) / nanos[0];
            figures.put("lockdep_cost_percent_" + f, Math.round(cost * 10) / 10.0);
            out.printf("  lockdep cost on %-28s %+6.1f%% run time%n", f + ".yaml:", cost);
        }
    }

    private void checks(PrintWriter out) {
        out.printf("%n%-60s %10s %12s %9s %10s %9s%n", "check", "states", "states/s", "wall s", "peak MiB", "complete");
        CheckOptions all = CheckOptions.defaults().withMaxStates(maxStates);
        for (String f : ZSWAP) {
            check(out, "scenarios/zswap/" + f + ".yaml", BundledScenarios.named("scenarios/zswap/" + f + ".yaml"), all);
        }
        // Each reduction on and off; a mode that a bound cut at N CPUs is not tried at N+1 (its row says so).
        Map<String, CheckOptions> modes = new LinkedHashMap<>();
        modes.put("", all);
        modes.put(", no symmetry", all.withSymmetry(false));
        modes.put(", sleep sets", all.withSleepSets(true));
        modes.put(", no partial order", all.withLocalSteps(false));
        modes.put(", no reduction", all.unreduced());
        modes.put(", preemption bound 2", all.withPreemptionBound(2));
        Map<String, Integer> cutAt = new LinkedHashMap<>();
        for (int cpus = 2; cpus <= maxCpus; cpus++) {
            Scenario s = ScenarioLoader.parse("generated", ScenarioGenerator.zswap(cpus, "percpu_ref_bh"));
            for (Map.Entry<String, CheckOptions> mode : modes.entrySet()) {
                String name = "generated " + cpus + " CPUs, percpu_ref_bh" + mode.getKey();
                if (cutAt.containsKey(mode.getKey())) {
                    out.printf("%-60s %10s %12s %9s %10s %9s%n", name, "-", "-", "-", "-",
                            "not run (cut at " + cutAt.get(mode.getKey()) + " CPUs)");
                    continue;
                }
                CheckResult r = check(out, name, s, mode.getValue());
                if (r.cutBy() != null && r.cutBy() != CutReason.PREEMPTION_BOUND) {
                    cutAt.put(mode.getKey(), cpus);
                }
            }
        }
    }

    private CheckResult check(PrintWriter out, String name, Scenario s, CheckOptions options) {
        // The heap watch reads the pools as the last collection left them: after a search that
        // filled the heap, collect until it sees the heap free again (or give up after a few).
        System.gc();
        for (int i = 0; i < 5 && MemoryWatch.low(); i++) {
            System.gc();
        }
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        // The search stops itself when the heap runs low (a row "no (low memory)"), as check's does.
        CheckResult r = ProcessGuard.check(new Checker(Kernel.of(s), options, null));
        double secs = (System.nanoTime() - t0) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        out.printf("%-60s %10d %12.0f %9.2f %10d %9s%n", name, r.states(), r.states() / secs, secs, peak >> 20,
                r.complete() ? "yes" : "no (" + r.cutBy() + ")");
        String key = "check_" + name.replaceAll("^scenarios/zswap/|\\.yaml$", "").replaceAll("[^A-Za-z0-9]+", "_");
        figures.put(key + "_states", r.states());
        figures.put(key + "_states_per_s", Math.round(r.states() / secs));
        figures.put(key + "_peak_mib", peak >> 20);
        figures.put(key + "_complete", r.complete());
        out.flush();
        return r;
    }

    private void explore(PrintWriter out) {
        Kernel k = Kernel.of(BundledScenarios.named(BUG));
        int runs = 20_000;
        Explorer.explore(k, 1, 2_000, 10_000, Runtime.getRuntime().availableProcessors());
        long t0 = System.nanoTime();
        Explorer.explore(k, 1, runs, 10_000, Runtime.getRuntime().availableProcessors());
        out.println();
        report(out, "explore, " + BUG + ", " + runs + " runs", "explore_runs_per_s", runs, System.nanoTime() - t0, "runs");
    }

    private void report(PrintWriter out, String what, String key, long count, long nanos, String unit) {
        double rate = count / (nanos / 1e9);
        figures.put(key, Math.round(rate));
        out.printf("%-60s %,14.0f %s/s%n", what, rate, unit);
        out.flush();
    }
}
