package zswapsim.lockdep;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * lib/debug_locks.c: the global {@code debug_locks} switch that the first lockdep report turns off
 * ("report the first one and shut up after that"), the reports printed so far, and the TAINT_WARN
 * bit that __might_resched() sets. The report lists are immutable and replaced when one is added,
 * so copies share them.
 */
final class DebugLocks {
    private boolean on;
    private boolean silent;
    private boolean taintWarn;
    private List<LockdepReport> reports;
    /** Distinct report kinds, sorted. */
    private List<String> kinds;

    DebugLocks() {
        this(true, false, false, List.of(), List.of());
    }

    private DebugLocks(boolean on, boolean silent, boolean taintWarn, List<LockdepReport> reports, List<String> kinds) {
        this.on = on;
        this.silent = silent;
        this.taintWarn = taintWarn;
        this.reports = reports;
        this.kinds = kinds;
    }

    DebugLocks copy() {
        return new DebugLocks(on, silent, taintWarn, reports, kinds);
    }

    /** debug_locks_silent: reports still count, but their text is never printed (nor built). */
    void silence() {
        silent = true;
    }

    boolean silent() {
        return silent;
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

    /**
     * A lockdep report: its splat follows debug_locks_off() only if that turned lockdep off, so
     * none is made once something (a DEBUG_LOCKS_WARN_ON() in the same lockdep call) did it first.
     */
    void lockdepBug(LockdepReport report) {
        if (on) {
            on = false;
            add(report);
        }
    }

    /** A report that leaves lockdep running (the kernel taints with TAINT_WARN, LOCKDEP_STILL_OK). */
    void warning(LockdepReport report) {
        taintWarn = true;
        add(report);
    }

    private void add(LockdepReport report) {
        List<LockdepReport> moreReports = new ArrayList<>(reports);
        moreReports.add(report);
        reports = List.copyOf(moreReports);
        TreeSet<String> moreKinds = new TreeSet<>(kinds);
        moreKinds.add(report.kind());
        kinds = List.copyOf(moreKinds);
    }

    List<LockdepReport> reports() {
        return reports;
    }

    /** Distinct kinds, sorted. */
    List<String> kinds() {
        return kinds;
    }
}
