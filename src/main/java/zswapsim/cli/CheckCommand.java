package zswapsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import zswapsim.explore.CheckOptions;
import zswapsim.explore.CheckResult;
import zswapsim.explore.Checker;
import zswapsim.explore.CutReason;
import zswapsim.explore.MemoryWatch;
import zswapsim.sim.ReplayScheduler;
import zswapsim.sim.RunLoop;
import zswapsim.sim.RunResult;
import zswapsim.sim.SeededScheduler;
import zswapsim.report.HtmlReport;
import zswapsim.report.ReportView;
import zswapsim.kernel.Kernel;
import zswapsim.kernel.Move;
import zswapsim.scenario.Expect;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioException;
import zswapsim.scenario.ScenarioLoader;
import zswapsim.trace.Json;

/** {@code zswapsim check}: every schedule of each file, against its {@code expect:}. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check every schedule of each scenario against its expect: block.",
                "Explores which context steps, where interrupts and the RCU softirq arrive",
                "and when grace periods end, identifying states by their fingerprint.",
                "Prints the shortest deadlocking schedule, which 'run --schedule' replays."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Scenario files (YAML).")
    List<Path> files;

    @Option(names = "--max-states", description = "Stop after this many distinct states (default: ${DEFAULT-VALUE}).")
    long maxStates = 2_000_000;

    @Option(names = "--max-depth", description = "Do not explore schedules longer than this (default: ${DEFAULT-VALUE}).")
    int maxDepth = 10_000;

    @Option(names = "--no-reduction", description = "Turn every reduction off (the two below, and --sleep-sets).")
    boolean noReduction;

    @Option(names = "--no-partial-order", description = "Explore every interleaving of CPU-local steps too (the partial-order reduction off).")
    boolean noPartialOrder;

    @Option(names = "--no-symmetry", description = "Tell interchangeable CPUs apart (CPUs running the same code).")
    boolean noSymmetry;

    @Option(names = "--sleep-sets", description = "With the partial-order reduction, skip a move that commutes with every"
            + " move since an earlier state took it (sleep sets): fewer transitions, but more time and memory here.")
    boolean sleepSets;

    @Option(names = "--preemption-bound", paramLabel = "K",
            description = "Explore only schedules with at most K preemptions (a CPU or task taking over from"
                    + " one that could go on) and interrupt arrivals: reaches bigger scenarios; a deadlock"
                    + " found is real, its absence is 'never within K preemptions', not 'never'.")
    int preemptionBound = -1;

    @Option(names = "--workers", description = "Threads expanding states (default: one per core); the result is the same for any number.")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--json", description = "Print one JSON object per file.")
    boolean json;

    @Option(names = "--report", converter = Outputs.Target.class, paramLabel = "OUT.html",
            description = "With one FILE: write the HTML report of the shortest deadlocking"
                    + " schedule; when none deadlocks, of one full run (seed " + RunCommand.DEFAULT_SEED + "),"
                    + " saying so.")
    Path report;

    @Mixin
    StudentOption student = new StudentOption();

    @Override
    public Integer call() {
        if (maxStates < 1 || maxDepth < 1) {
            throw new ScenarioException("--max-states and --max-depth must be at least 1");
        }
        if (workers < 1) {
            throw new ScenarioException("--workers must be at least 1 (got " + workers + ")");
        }
        if (preemptionBound < -1 || spec.commandLine().getParseResult().hasMatchedOption("--preemption-bound") && preemptionBound < 0) {
            throw new ScenarioException("--preemption-bound must be at least 0 (got " + preemptionBound + ")");
        }
        if (report != null && files.size() != 1) {
            throw new ScenarioException("--report needs exactly one FILE (got " + files.size() + ")");
        }
        if (report != null) {
            Outputs.refuseBadOutputs(files.get(0), null, report);
            Outputs.refuseOnJsonStdout(json, report, "--report");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // A bad file is reported and skipped: the others are still checked, and the exit status says bad input.
        List<Scenario> scenarios = new ArrayList<>();
        boolean badInput = false;
        for (Path f : files) {
            try {
                scenarios.add(ScenarioLoader.load(f));
            } catch (ScenarioException e) {
                err.println("zswapsim: " + e.getMessage());
                badInput = true;
            }
        }
        boolean allOk = true;
        boolean outOfMemory = false;
        List<String> summary = new ArrayList<>();
        for (Scenario s : scenarios) {
            ProgressPrinter progress = new ProgressPrinter(err, s.file());
            ProcessGuard.doing("checking " + s.file());
            CheckResult r = ProcessGuard.check(new Checker(Kernel.of(s), options(), progress));
            progress.done();
            if (r.cutBy() == CutReason.LOW_MEMORY) {
                outOfMemory = true;
                err.printf("zswapsim: %s: search stopped at %,d states, the Java heap (%,d MiB) nearly full; give it more"
                        + " (e.g. ZSWAPSIM_JAVA_OPTS=-Xmx8g) or bound the search (--max-states)%n", s.file(), r.states(),
                        Runtime.getRuntime().maxMemory() >> 20);
            }
            boolean ok = expectationHolds(s.expect(), r);
            if (report != null) {
                writeReport(s, r);
            }
            allOk &= ok;
            if (json) {
                out.println(toJson(s, r, ok, student.student));
            } else {
                out.print(text(s, r, ok, student.student));
            }
            summary.add(String.format("%-44s %10d %12s  %-8s %-34s %-8s %s", s.file(), r.states(), countText(r.schedules()),
                    r.deadlockVerdict(), r.lockdepKinds().isEmpty() ? "-" : String.join(",", r.lockdepKinds()),
                    r.complete() ? "yes" : "no", !hasExpect(s) ? "-" : student.student ? "hidden" : ok ? "ok" : "FAILED"));
        }
        if (!json && scenarios.size() > 1) {
            out.printf("%n%-44s %10s %12s  %-8s %-34s %-8s %s%n", "file", "states", "schedules", "deadlock", "lockdep",
                    "complete", "expect");
            summary.forEach(out::println);
        }
        if (outOfMemory || badInput) {
            return ExitCodes.BAD_INPUT;     // a bad file, or a scenario too big for this heap (said on stderr)
        }
        return allOk ? ExitCodes.OK : ExitCodes.EXPECTATION_FAILED;
    }

    private CheckOptions options() {
        return CheckOptions.defaults().withMaxStates(maxStates).withMaxDepth(maxDepth)
                .withLocalSteps(!noReduction && !noPartialOrder).withSymmetry(!noReduction && !noSymmetry)
                .withSleepSets(!noReduction && sleepSets)
                .withPreemptionBound(preemptionBound).withWorkers(workers);
    }

    /**
     * Writes the report of the shortest deadlock, replayed on the same model and traced; without one,
     * of the default seed's run (an empty replay hands over to the seed), saying what check found.
     */
    private void writeReport(Scenario s, CheckResult r) {
        RunResult run = new RunLoop(Kernel.of(s), new ReplayScheduler("counterexample", r.counterexample(),
                new SeededScheduler(RunCommand.DEFAULT_SEED)), RunCommand.DEFAULT_SEED, maxDepth, true).runToEnd();
        Outputs.write(report, HtmlReport.render(run, s, new ReportView(student.student, checkNote(r))), spec.commandLine().getOut());
    }

    /** What the page says check found, and which run it shows. */
    static String checkNote(CheckResult r) {
        String states = String.format("%,d states", r.states());
        String lockdep = r.lockdepKinds().isEmpty() ? "lockdep reports nothing in any schedule"
                : "lockdep reports " + String.join(", ", r.lockdepKinds()) + " in some schedule";
        String run = "one full run (seed " + RunCommand.DEFAULT_SEED + ")";
        return switch (r.deadlockVerdict()) {
            case "possible" -> "check: a deadlock is possible; this is the shortest deadlocking schedule ("
                    + r.counterexample().size() + " steps), found over " + states + "; " + lockdep + ".";
            case "never" -> "check: no deadlock exists: no schedule deadlocks (all " + states + " explored); "
                    + lockdep + ". This is " + run + ".";
            default -> r.cutBy() == CutReason.PREEMPTION_BOUND
                    ? "check: no schedule with at most " + r.preemptionBound() + " preemptions deadlocks (" + states
                    + "); longer ones were not explored. This is " + run + "."
                    : "check: deadlock unknown: the search was cut by " + r.cutBy() + " after " + states
                    + " without finding one. This is " + run + ".";
        };
    }

    /**
     * Why an expectation the explored schedules agree with still fails: a cut search proves no
     * absence (of a deadlock, or of other lockdep kinds); "" when the results themselves differ.
     */
    private static String whyUnproved(Expect expect, CheckResult r) {
        boolean deadlockAgrees = expect.deadlock() == null || expect.deadlock().equals(r.deadlockVerdict())
                || expect.deadlock().equals("never") && !r.deadlockPossible();
        boolean kindsAgree = expect.lockdep() == null || expect.lockdep().equals(r.lockdepKinds());
        return !r.complete() && deadlockAgrees && kindsAgree
                ? ": the schedules explored agree, but a search cut by " + r.cutBy() + " cannot rule out the others"
                : "";
    }

    /** Does the result satisfy {@code expect:}? Absence can only be proved by a complete search. */
    static boolean expectationHolds(Expect expect, CheckResult r) {
        if (expect == null) {
            return true;
        }
        boolean ok = true;
        if (expect.deadlock() != null) {
            ok = expect.deadlock().equals(r.deadlockVerdict());
        }
        if (expect.lockdep() != null) {
            // Finding every expected kind proves enough only if the search also ruled out the others.
            ok &= expect.lockdep().equals(r.lockdepKinds()) && r.complete();
        }
        return ok;
    }

    /** An exact integer while a double holds one exactly, else the double (JSON allows 1.5E21). */
    static Object countValue(double count) {
        return count < 0x1p53 ? (Object) (long) count : (Object) count;
    }

    private static boolean hasExpect(Scenario s) {
        return s.expect() != null && (s.expect().deadlock() != null || s.expect().lockdep() != null);
    }

    /** A count for people: exact while small, else three significant digits. */
    static String countText(double count) {
        return count < 1e12 ? String.format("%,d", (long) count) : String.format("%.3g", count);
    }

    /** With {@code student}, {@code expect} is null and {@code "student": true} says it was hidden. */
    private static String toJson(Scenario s, CheckResult r, boolean ok, boolean student) {
        Json j = new Json().beginObject().field("file", s.file()).field("scenario", s.name())
                .field("schedules", countValue(r.schedules())).field("states", r.states())
                .field("deadlock", r.deadlockField()).field("lockdep", r.lockdepKinds()).field("complete", r.complete());
        if (r.preemptionBound() >= 0) {
            j.field("bound", r.preemptionBound());
        }
        if (r.cutBy() == CutReason.PREEMPTION_BOUND && !r.deadlockPossible()) {
            j.field("within_bound", "never");
        }
        if (r.complete() && !r.deadlockPossible()) {
            j.field("collision_probability", r.collisionProbability());
        }
        j.key("counterexample");
        if (r.counterexample().isEmpty()) {
            j.value(null);
        } else {
            j.beginObject().field("steps", r.counterexample().size()).field("schedule", Move.tokens(r.counterexample()))
                    .field("kind", r.counterexampleDeadlock().kind()).endObject();
        }
        j.key("expect");
        if (!hasExpect(s) || student) {
            j.value(null);
        } else {
            j.beginObject();
            if (s.expect().deadlock() != null) {
                j.field("deadlock", s.expect().deadlock());
            }
            if (s.expect().lockdep() != null) {
                j.field("lockdep", s.expect().lockdep());
            }
            j.endObject();
        }
        j.field("ok", ok);
        if (student) {
            j.field("student", true);
        }
        return j.endObject().toString();
    }

    private static String text(Scenario s, CheckResult r, boolean ok, boolean student) {
        StringBuilder b = new StringBuilder();
        b.append(s.file()).append(": ").append(s.name()).append('\n');
        b.append(String.format("  %d states, %d transitions, %s schedules, longest %d steps%s%n", r.states(),
                r.transitions(), countText(r.schedules()), r.depth(), r.complete() ? "" : " (INCOMPLETE: cut by " + r.cutBy() + ")"));
        b.append("  deadlock: ").append(r.deadlockVerdict());
        if (r.complete() && !r.deadlockPossible()) {
            b.append(String.format(" (fingerprint collision probability %.1e)", r.collisionProbability()));
        }
        b.append('\n');
        if (!r.counterexample().isEmpty()) {
            b.append("  shortest deadlock: ").append(r.counterexample().size()).append(" steps, ")
                    .append(r.counterexampleDeadlock().explanation()).append('\n');
            b.append("  schedule: ").append(Move.tokens(r.counterexample())).append('\n');
        }
        if (!r.complete() && !r.deadlockPossible()) {
            b.append("  to finish the search: ").append(r.cutBy().hint()).append('\n');
        }
        String where = r.complete() ? "any schedule" : "the schedules explored";
        b.append("  lockdep: ").append(r.lockdepKinds().isEmpty() ? "no report in " + where
                : String.join(", ", r.lockdepKinds()) + (r.complete() ? "" : " (in the schedules explored)")).append('\n');
        if (hasExpect(s) && student) {
            b.append("  ").append(StudentOption.hiddenLine("expect: (the lesson's answer) is")).append('\n');
        } else if (hasExpect(s)) {
            b.append("  expect: ").append(ok ? "holds" : "FAILED (expected deadlock " + s.expect().deadlock()
                    + ", lockdep " + s.expect().lockdep() + ")" + whyUnproved(s.expect(), r)).append('\n');
        }
        return b.append('\n').toString();
    }
}
