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
    /**
     * The DEBUG_LOCKS_WARN_ON() inside lockdep that turned it off, for the trace's WARNING line;
     * null if a report or nothing did. Text only: it decides nothing, so it is not hashed.
     */
    private Lockdep.Warning offWarning;

    DebugLocks() {
        this(true, false, false, List.of(), List.of(), null);
    }

    private DebugLocks(boolean on, boolean silent, boolean taintWarn, List<LockdepReport> reports, List<String> kinds,
                       Lockdep.Warning offWarning) {
        this.on = on;
        this.silent = silent;
        this.taintWarn = taintWarn;
        this.reports = reports;
        this.kinds = kinds;
        this.offWarning = offWarning;
    }

    DebugLocks copy() {
        return new DebugLocks(on, silent, taintWarn, reports, kinds, offWarning);
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
     * A DEBUG_LOCKS_WARN_ON({@code condition}) in lockdep's {@code function}: debug_locks_off(),
     * and the WARN prints if that turned lockdep off.
     */
    void warnOn(String function, String condition) {
        offBy(new Lockdep.Warning("kernel/locking/lockdep.c " + function, "DEBUG_LOCKS_WARN_ON(" + condition + ")"));
    }

    /** debug_locks_off() by a check of lockdep's own that prints {@code warning}, if lockdep was on. */
    void offBy(Lockdep.Warning warning) {
        if (on) {
            on = false;
            offWarning = warning;
        }
    }

    /** See {@link #offWarning}. */
    Lockdep.Warning offWarning() {
        return offWarning;
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
