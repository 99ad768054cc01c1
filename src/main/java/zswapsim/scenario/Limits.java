package zswapsim.scenario;

/**
 * Every bound on input, in one place (the README's "Limits" lists them). Each is checked before
 * the work it bounds, without recursion, so the verdict does not depend on JVM flags; going past
 * one is bad input (exit 2) with the file, line and column where it was passed.
 */
public final class Limits {
    /** CPUs of a scenario (SCENARIO-FORMAT.md: 1..1024). */
    public static final int MAX_CPUS = 1024;
    /** Bytes of a scenario or schedule file; larger ones are not read further. */
    public static final int MAX_FILE_BYTES = 4 << 20;
    /** Characters on one line of a scenario file. */
    public static final int MAX_LINE_CHARS = 16_384;
    /** Nesting of YAML lists and mappings, counting what an alias brings in. */
    public static final int MAX_NESTING = 64;
    /**
     * Aliases of lists or mappings in a file (SnakeYAML's guard against "billion laughs"; aliases of
     * scalars are bounded by the text they bring in, {@link #MAX_ALIASED_CHARS}).
     */
    public static final int MAX_COLLECTION_ALIASES = 50;
    /** Characters that aliases of scalars bring in, all together (a scalar's alias copies its text). */
    public static final int MAX_ALIASED_CHARS = MAX_FILE_BYTES;
    /** A count: {@code zswap_store}, {@code zswap_load}, {@code zswap_entry_free}, {@code msleep}, an interrupt's {@code times}. */
    public static final int MAX_COUNT = 10_000;
    /** Ops of a scenario once expanded: every op, every page of a zswap count, every use of an alias. */
    public static final int MAX_OPS = 250_000;
    /** Handlers that {@code call:} each other, one inside the next. */
    public static final int MAX_CALL_DEPTH = 64;
    /** Places an interrupt can arrive: the sum over {@code interrupts:} of the CPUs each may arrive on. */
    public static final int MAX_INTERRUPT_SOURCES = 4_096;

    private Limits() {
    }
}
