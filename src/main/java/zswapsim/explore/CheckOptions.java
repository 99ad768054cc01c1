package zswapsim.explore;

/**
 * How {@link Checker} searches: its bounds and which reductions it applies. Every reduction is
 * exact (same verdicts; the checker searches again for a shorter counterexample where taking
 * local steps alone lengthened it); turning one off is for measuring it and for the
 * differential tests that keep it honest.
 *
 * @param maxStates  stop after this many distinct states
 * @param maxDepth   do not explore schedules longer than this
 * @param localSteps take a CPU's purely local step alone (partial-order reduction)
 * @param symmetry   identify states that differ only by a renaming of interchangeable CPUs
 * @param sleepSets  with localSteps, skip moves that commute with the moves taken since an ancestor took them ({@link SleepSet}); off by default
 * @param preemptionBound at most this many preemptions per schedule ({@link PreemptionBound}), -1 for no bound
 * @param workers    threads expanding states; the result is the same for any number
 */
public record CheckOptions(long maxStates, int maxDepth, boolean localSteps, boolean symmetry, boolean sleepSets,
                           int preemptionBound, int workers) {

    /** Every reduction but sleep sets (in this breadth-first search they cost about what they save), no preemption bound, a worker per core. */
    public static CheckOptions defaults() {
        return new CheckOptions(2_000_000, 10_000, true, true, false, -1, Runtime.getRuntime().availableProcessors());
    }

    public CheckOptions withWorkers(int n) {
        return new CheckOptions(maxStates, maxDepth, localSteps, symmetry, sleepSets, preemptionBound, n);
    }

    public CheckOptions withPreemptionBound(int k) {
        return new CheckOptions(maxStates, maxDepth, localSteps, symmetry, sleepSets, k, workers);
    }

    public CheckOptions withMaxStates(long n) {
        return new CheckOptions(n, maxDepth, localSteps, symmetry, sleepSets, preemptionBound, workers);
    }

    public CheckOptions withMaxDepth(int n) {
        return new CheckOptions(maxStates, n, localSteps, symmetry, sleepSets, preemptionBound, workers);
    }

    public CheckOptions withLocalSteps(boolean on) {
        return new CheckOptions(maxStates, maxDepth, on, symmetry, sleepSets, preemptionBound, workers);
    }

    public CheckOptions withSymmetry(boolean on) {
        return new CheckOptions(maxStates, maxDepth, localSteps, on, sleepSets, preemptionBound, workers);
    }

    public CheckOptions withSleepSets(boolean on) {
        return new CheckOptions(maxStates, maxDepth, localSteps, symmetry, on, preemptionBound, workers);
    }

    /** Every reduction off: the search every reduction is tested against (a bound stays). */
    public CheckOptions unreduced() {
        return new CheckOptions(maxStates, maxDepth, false, false, false, preemptionBound, workers);
    }
}
