package zswapsim.scenario;

import java.util.List;

/**
 * What {@code zswapsim check} must find over all schedules. {@code deadlock} is "possible",
 * "never" or null (not checked); {@code lockdep} is the exact sorted set of report kinds, or null.
 */
public record Expect(String deadlock, List<String> lockdep, SourcePos pos) {

    /** The values of {@code expect.deadlock}. */
    public static final List<String> DEADLOCK_VALUES = List.of("possible", "never");

    /** The lockdep report kinds of SCENARIO-FORMAT.md, in the contract's order. */
    public static final List<String> LOCKDEP_KINDS = List.of(
            "inconsistent-lock-state", "irq-lock-inversion", "irq-safe-to-unsafe", "circular-locking",
            "recursive-locking", "bad-unlock-balance", "sleep-in-atomic",
            "lockdep-assert-held", "invalid-wait-context", "held-lock-at-exit",
            "nested-lock-not-taken");
}
