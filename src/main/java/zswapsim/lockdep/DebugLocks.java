package zswapsim.lockdep;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * lib/debug_locks.c: the global {@code debug_locks} switch that the first lockdep report turns off
 * ("report the first one and shut up after that"), the reports printed so far, and the TAINT_WARN
 * bit that __might_resched() sets.
 */
final class DebugLocks {
    private boolean on;
    private boolean silent;
    private boolean taintWarn;
    private final List<LockdepReport> reports;
    private final TreeSet<String> kinds;

    DebugLocks() {
        this(true, false, new ArrayList<>(), new TreeSet<>());
    }

    private DebugLocks(boolean on, boolean taintWarn, List<LockdepReport> reports, TreeSet<String> kinds) {
        this.on = on;
        this.taintWarn = taintWarn;
        this.reports = reports;
        this.kinds = kinds;
    }

    DebugLocks copy() {
        DebugLocks d = new DebugLocks(on, taintWarn, new ArrayList<>(reports), new TreeSet<>(kinds));
        d.silent = silent;
        return d;
    }

    /** debug_locks_silent: reports still count, but their text is never printed (nor built). */
    void silence() {
        silent = true;
    }

    /** The splat's lines, or none when silent: building them is most of a report's cost. */
    List<String> text(java.util.function.Supplier<List<String>> splat) {
        return silent ? List.of() : splat.get();
    }

    boolean on() {
        return on;
    }

    boolean tainted() {
        return taintWarn;
    }

    /** debug_locks_off() without a report. */
    void off() {
        on = false;
    }

    /** debug_locks_off() followed by the splat: a lockdep report. */
    void lockdepBug(LockdepReport report) {
        on = false;
        add(report);
    }

    /** A report that leaves lockdep running (the kernel taints with TAINT_WARN, LOCKDEP_STILL_OK). */
    void warning(LockdepReport report) {
        taintWarn = true;
        add(report);
    }

    private void add(LockdepReport report) {
        reports.add(report);
        kinds.add(report.kind());
    }

    List<LockdepReport> reports() {
        return List.copyOf(reports);
    }

    /** Distinct kinds, sorted. */
    List<String> kinds() {
        return List.copyOf(kinds);
    }
}
