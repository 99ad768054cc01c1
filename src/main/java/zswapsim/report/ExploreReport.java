package zswapsim.report;

import zswapsim.sim.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import zswapsim.explore.ExploreStats;
import zswapsim.explore.RunSummary;
import zswapsim.scenario.Scenario;
import zswapsim.trace.Json;

/**
 * {@code explore --report}: the statistics of seeded runs as one self-contained HTML page, the
 * compared scenarios side by side. Built like {@link HtmlReport}: a fixed template (explore.html,
 * report.css plus explore.css, explore.js beside this class) and one JSON blob that the page's
 * script draws with textContent and setAttribute only, so nothing in a scenario can become markup;
 * its Content-Security-Policy forbids fetching anything.
 */
public final class ExploreReport {
    /** Deadlocking seeds listed per scenario, each with the command that replays it. */
    static final int LISTED_SEEDS = 20;
    /** The histograms have about this many bins (at most one more), each a round number of steps wide. */
    static final int MAX_BINS = 40;
    /** {@code run}'s default --max-steps: replaying a longer run needs the option. */
    static final int RUN_DEFAULT_MAX_STEPS = 10_000;

    private static final Pattern PLAIN_SHELL_WORD = Pattern.compile("[A-Za-z0-9_./=+:,@%-]+");

    private ExploreReport() {
    }

    /** One explored scenario: its runs sorted by seed, as {@link zswapsim.explore.Explorer#explore} returns them. */
    public record Column(Scenario scenario, ExploreStats stats, List<RunSummary> runs) {
    }

    public static String render(List<Column> columns) {
        Bins bins = Bins.over(columns);
        Json j = new Json().beginObject();
        j.key("bins").beginObject().field("start", bins.start()).field("width", bins.width())
                .field("count", bins.count()).endObject();
        j.key("columns").beginArray();
        for (Column c : columns) {
            column(j, c, bins);
        }
        return page(j.endArray().endObject().toString());
    }

    private static void column(Json j, Column c, Bins bins) {
        Scenario s = c.scenario();
        ExploreStats st = c.stats();
        List<RunSummary> runs = c.runs();
        j.beginObject().field("scenario", s.name()).field("file", s.file());
        j.key("about");
        Markdown.toJson(j, s.about());
        // explore --json's fields under the same names (so the same numbers), plus last_seed and lockdep_runs.
        j.key("stats").beginObject().field("runs", st.runs())
                .field("first_seed", runs.isEmpty() ? null : runs.get(0).seed())
                .field("last_seed", runs.isEmpty() ? null : runs.get(runs.size() - 1).seed());
        statsFields(j, st);
        j.field("lockdep_runs", st.lockdepRuns()).endObject();
        j.key("hist").beginObject().field("deadlock", bins.count(runs, RunSummary::deadlocked))
                .field("completed", bins.count(runs, r -> r.outcome() == Outcome.COMPLETED)).endObject();
        j.field("step_limit", runs.stream().filter(r -> r.outcome() == Outcome.STEP_LIMIT)
                .mapToInt(RunSummary::steps).max().orElse(0));
        j.key("seeds").beginArray();
        runs.stream().filter(RunSummary::deadlocked).limit(LISTED_SEEDS).forEach(r -> j.beginObject()
                .field("seed", r.seed()).field("steps", r.steps()).field("kind", r.deadlockKind())
                .field("replay", replayCommand(s.file(), r)).endObject());
        j.endArray().endObject();
    }

    /** The command line that replays one run; {@code run} uses the same seeded scheduler as explore. */
    static String replayCommand(String file, RunSummary r) {
        String cmd = "./zswapsim run " + shellWord(file) + " --seed " + r.seed();
        return r.steps() > RUN_DEFAULT_MAX_STEPS ? cmd + " --max-steps " + r.steps() : cmd;
    }

    /** A word a POSIX shell reads back unchanged: as is when plain, else single-quoted. */
    static String shellWord(String s) {
        return PLAIN_SHELL_WORD.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** The statistics as explore --json prints them, from "deadlocks" to "step_limit_runs". */
    public static void statsFields(Json j, ExploreStats st) {
        j.field("deadlocks", st.deadlocks()).field("deadlock_rate", st.deadlockRate())
                .field("deadlock_ci95", List.of(st.ciLow(), st.ciHigh())).field("lockdep_rate", st.lockdepRate())
                .field("lockdep_kinds", st.lockdepKinds())
                .key("steps_to_deadlock");
        if (st.deadlocks() == 0) {
            j.value(null);      // as the format says: null without deadlocks
        } else {
            j.beginObject().field("mean", st.stepsMean()).field("median", st.stepsMedian()).field("p95", st.stepsP95())
                    .endObject();
        }
        j.field("first_deadlock_seed", st.firstDeadlockSeed()).field("step_limit_runs", st.stepLimitRuns());
    }

    /**
     * Histogram bins shared by every scenario, so that their plots line up on one step axis. They
     * cover the deadlocked and completed runs; runs cut by --max-steps all end at the limit and would
     * only stretch the axis, so the page counts them in a caption instead.
     */
    record Bins(int start, int width, int count) {
        static Bins over(List<Column> columns) {
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (Column c : columns) {
                for (RunSummary r : c.runs()) {
                    if (plotted(r)) {
                        lo = Math.min(lo, r.steps());
                        hi = Math.max(hi, r.steps());
                    }
                }
            }
            if (lo > hi) {
                return new Bins(0, 1, 0);
            }
            int width = roundWidth((hi - lo) / MAX_BINS + 1);
            int start = Math.floorDiv(lo, width) * width;
            return new Bins(start, width, (hi - start) / width + 1);
        }

        /** The smallest of 1, 2, 5, 10, 20, 50, ... that is at least {@code atLeast}. */
        static int roundWidth(int atLeast) {
            for (long p = 1; ; p *= 10) {
                for (int m : new int[] {1, 2, 5}) {
                    if (m * p >= atLeast) {
                        return (int) (m * p);
                    }
                }
            }
        }

        List<Integer> count(List<RunSummary> runs, Predicate<RunSummary> which) {
            int[] counts = new int[count];
            for (RunSummary r : runs) {
                if (plotted(r) && which.test(r)) {
                    counts[(r.steps() - start) / width]++;
                }
            }
            List<Integer> out = new ArrayList<>(count);
            for (int n : counts) {
                out.add(n);
            }
            return out;
        }

        private static boolean plotted(RunSummary r) {
            return r.deadlocked() || r.outcome() == Outcome.COMPLETED;
        }
    }

    /** Json escapes {@code <}, {@code >} and {@code &}, so the blob cannot close its script element. */
    private static String page(String json) {
        String html = HtmlReport.resource("explore.html");
        html = html.replace("/*@CSS@*/", HtmlReport.resource("report.css") + HtmlReport.resource("explore.css"))
                .replace("/*@JS@*/", HtmlReport.resource("dom.js") + HtmlReport.resource("explore.js"));
        int at = html.indexOf("@DATA@");
        return html.substring(0, at) + json + html.substring(at + "@DATA@".length());
    }
}
