package zswapsim.explore;

/** Which bound cut an exhaustive search short; {@link #option()} names it (the option to raise, or "low memory"). */
public enum CutReason {
    MAX_STATES("--max-states"), MAX_DEPTH("--max-depth"), LOW_MEMORY("low memory"),
    PREEMPTION_BOUND("--preemption-bound");

    private final String option;

    CutReason(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }

    @Override
    public String toString() {
        return option;
    }
}
