package zswapsim.sim;

/** How a run ended; {@link #text()} is the contract name in {@code run --json}. */
public enum Outcome {
    COMPLETED("completed"), DEADLOCK("deadlock"), STEP_LIMIT("step-limit");

    private final String text;

    Outcome(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
