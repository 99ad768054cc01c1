package zswapsim.cli;

/** Exit statuses of SCENARIO-FORMAT.md §2. */
final class ExitCodes {
    static final int OK = 0;
    static final int EXPECTATION_FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int INTERNAL_ERROR = 3;

    private ExitCodes() {
    }
}
