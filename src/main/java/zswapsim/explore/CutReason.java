package zswapsim.explore;

/** Which bound cut an exhaustive search short; {@link #option()} is the command-line option to raise. */
public enum CutReason {
    MAX_STATES("--max-states"), MAX_DEPTH("--max-depth");

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
