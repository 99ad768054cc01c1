package zswapsim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.Test;
import zswapsim.sim.RunLoop;
import zswapsim.sim.RunResult;
import zswapsim.sim.SeededScheduler;
import zswapsim.kernel.Kernel;
import zswapsim.report.RunJson;
import zswapsim.scenario.ScenarioLoader;
import zswapsim.trace.TraceWriter;

/** The actor runtime gives the same run whatever the dispatcher, and the same run as the in-process loop. */
class ActorRuntimeDeterminismTest {
    private static final Kernel KERNEL = Kernel.of(ScenarioLoader.load(Path.of("scenarios/zswap/percpu-ref.yaml")));

    private static RunLoop loop(long seed) {
        return new RunLoop(KERNEL, new SeededScheduler(seed), seed, 10_000, true);
    }

    /** One-thread simulation dispatcher and Pekko's default (multi-threaded) dispatcher: byte-identical output. */
    @Test
    void run_twoDispatchers_byteIdenticalJsonAndTrace() {
        for (long seed : new long[] {4, 11}) {
            RunResult sim = ActorRuntime.run(loop(seed), DispatcherSelector.fromConfig(ActorRuntime.SIM_DISPATCHER));
            RunResult dflt = ActorRuntime.run(loop(seed), DispatcherSelector.defaultDispatcher());
            assertThat(RunJson.of(dflt)).isEqualTo(RunJson.of(sim));
            assertThat(TraceWriter.toJsonl(dflt.events())).isEqualTo(TraceWriter.toJsonl(sim.events()));
        }
    }

    /** The actor runtime and the in-process loop drive the same model to the same run. */
    @Test
    void run_actorsAndInProcess_sameRun() {
        RunResult actors = ActorRuntime.run(loop(129));
        RunResult direct = loop(129).runToEnd();
        assertThat(RunJson.of(actors)).isEqualTo(RunJson.of(direct));
        assertThat(actors.outcome()).isEqualTo(zswapsim.sim.Outcome.DEADLOCK);
    }

    /** One runtime hosting runs of different scenarios in turn (its actors reused): each run equals its in-process twin. */
    @Test
    void runOne_reusedActorsAcrossScenarios_sameRunsAsInProcess() {
        Kernel other = Kernel.of(ScenarioLoader.load(Path.of("scenarios/lockdep/13-recursive-read-lock.yaml")));
        try (ActorRuntime runtime = ActorRuntime.start(DispatcherSelector.fromConfig(ActorRuntime.SIM_DISPATCHER))) {
            for (long seed = 1; seed <= 6; seed++) {
                Kernel k = seed % 2 == 0 ? KERNEL : other;
                RunResult actors = runtime.runOne(new RunLoop(k, new SeededScheduler(seed), seed, 10_000, true));
                RunResult direct = new RunLoop(k, new SeededScheduler(seed), seed, 10_000, true).runToEnd();
                assertThat(RunJson.of(actors)).isEqualTo(RunJson.of(direct));
                assertThat(TraceWriter.toJsonl(actors.events())).isEqualTo(TraceWriter.toJsonl(direct.events()));
            }
        }
    }

    /** Runs queued at once on the multi-threaded dispatcher: each is its in-process twin, whatever ran before it. */
    @Test
    void submit_queuedRunsOfTwoScenarios_eachEqualsItsInProcessRun() {
        Kernel other = Kernel.of(ScenarioLoader.load(Path.of("scenarios/lockdep/13-recursive-read-lock.yaml")));
        try (ActorRuntime runtime = ActorRuntime.start(DispatcherSelector.defaultDispatcher())) {
            List<CompletableFuture<RunResult>> queued = new ArrayList<>();
            for (long seed = 1; seed <= 8; seed++) {
                Kernel k = seed % 2 == 0 ? KERNEL : other;
                queued.add(runtime.submit(new RunLoop(k, new SeededScheduler(seed), seed, 10_000, true)));
            }
            for (long seed = 1; seed <= 8; seed++) {
                Kernel k = seed % 2 == 0 ? KERNEL : other;
                RunResult actors = ActorRuntime.join(queued.get((int) seed - 1));
                RunResult direct = new RunLoop(k, new SeededScheduler(seed), seed, 10_000, true).runToEnd();
                assertThat(TraceWriter.toJsonl(actors.events())).isEqualTo(TraceWriter.toJsonl(direct.events()));
            }
        }
    }
}
