package zswapsim.explore;

/** Which bound cut an exhaustive search short; {@link #option()} names it (the option to raise, or "low memory"). */
public enum CutReason {
    MAX_STATES("--max-states", "raise --max-states (and the heap, ZSWAPSIM_JAVA_OPTS=-Xmx8g), or look for the deadlocks"
            + " of few preemptions with --preemption-bound 2"),
    MAX_DEPTH("--max-depth", "raise --max-depth"),
    LOW_MEMORY("low memory", "give the JVM more heap (ZSWAPSIM_JAVA_OPTS=-Xmx8g), or look for the deadlocks of few"
            + " preemptions with --preemption-bound 2"),
    PREEMPTION_BOUND("--preemption-bound", "a larger K, or no --preemption-bound for the full search");

    private final String option;
    private final String hint;

    CutReason(String option, String hint) {
        this.option = option;
        this.hint = hint;
    }

    /** What a user can do to finish the search, said after an incomplete one. */
    public String hint() {
        return hint;
    }

    public String option() {
        return option;
    }

    @Override
    public String toString() {
        return option;
    }
}
