package zswapsim.scenario;

/**
 * Bad input: a scenario (or schedule) that cannot be loaded. The message is one line,
 * {@code file:line:column: what is wrong (hint)}, printed as is by the CLI with exit status 2.
 */
public final class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScenarioException(SourcePos pos, String message) {
        super(pos + ": " + message);
    }

    public ScenarioException(String message) {
        super(message);
    }
}
