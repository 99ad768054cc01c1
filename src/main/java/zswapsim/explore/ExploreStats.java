package zswapsim.explore;

import zswapsim.sim.Outcome;
import java.util.List;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * Statistics over seeded runs: the deadlock probability with a 95% Wilson score interval,
 * the rate of each lockdep report kind, and steps to deadlock.
 */
public record ExploreStats(int runs, int deadlocks, double deadlockRate, double ciLow, double ciHigh,
                           int lockdepRuns, double lockdepRate, TreeMap<String, Integer> lockdepKinds,
                           double stepsMean, double stepsMedian, double stepsP95, Long firstDeadlockSeed,
                           int stepLimitRuns) {

    public static ExploreStats of(List<RunSummary> runs) {
        int n = runs.size();
        DescriptiveStatistics steps = new DescriptiveStatistics();
        int deadlocks = 0;
        int lockdep = 0;
        int limit = 0;
        Long first = null;
        TreeMap<String, Integer> kinds = new TreeMap<>();
        for (RunSummary r : runs) {
            if (r.deadlocked()) {
                deadlocks++;
                steps.addValue(r.steps());
                if (first == null) {
                    first = r.seed();
                }
            }
            if (r.outcome() == Outcome.STEP_LIMIT) {
                limit++;
            }
            if (!r.lockdepKinds().isEmpty()) {
                lockdep++;
            }
            r.lockdepKinds().forEach(k -> kinds.merge(k, 1, Integer::sum));
        }
        double low = 0;
        double high = 0;
        if (n > 0) {
            ConfidenceInterval ci = new WilsonScoreInterval().createInterval(n, deadlocks, 0.95);
            low = ci.getLowerBound();
            high = ci.getUpperBound();
        }
        boolean any = steps.getN() > 0;
        return new ExploreStats(n, deadlocks, n == 0 ? 0 : (double) deadlocks / n, Math.max(0, low), Math.min(1, high),
                lockdep, n == 0 ? 0 : (double) lockdep / n, kinds,
                any ? steps.getMean() : Double.NaN, any ? steps.getPercentile(50) : Double.NaN,
                any ? steps.getPercentile(95) : Double.NaN, first, limit);
    }
}
