package zswapsim.report;

import java.nio.file.Path;
import zswapsim.sim.RunLoop;
import zswapsim.sim.RunResult;
import zswapsim.sim.SeededScheduler;
import zswapsim.kernel.Kernel;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioLoader;

/** Traced runs for report tests, in-process (the run loop is the same one the actor runtime drives). */
final class Runs {
    static final String PERCPU_REF = "scenarios/zswap/percpu-ref.yaml";
    /** A seed whose run of {@link #PERCPU_REF} ends in the self deadlock (at step 53). */
    static final long PERCPU_REF_DEADLOCK_SEED = 129;

    private Runs() {
    }

    static RunResult traced(String file, long seed) {
        return traced(ScenarioLoader.load(Path.of(file)), seed, 10_000);
    }

    static RunResult traced(Scenario s, long seed, int maxSteps) {
        return new RunLoop(Kernel.of(s), new SeededScheduler(seed), seed, maxSteps, true).runToEnd();
    }
}
