package zswapsim.sim;

import java.util.List;
import zswapsim.kernel.Deadlock;
import zswapsim.lockdep.LockClassUsage;
import zswapsim.lockdep.LockDependency;
import zswapsim.lockdep.LockdepReport;
import zswapsim.trace.TraceEvent;

/**
 * The result of one run. {@code outcome} says how it ended;
 * {@code schedule} replays it exactly; {@code events} is empty unless the run was traced.
 */
public record RunResult(String file, String scenario, long seed, Outcome outcome, int steps, Deadlock deadlock,
                        List<LockdepReport> lockdep, List<LockClassUsage> lockClasses,
                        List<LockDependency> dependencies, String schedule,
                        List<String> cpus, List<String> refs, List<TraceEvent> events) {
}
