package zswapsim.report;

import java.util.List;
import zswapsim.sim.RunResult;
import zswapsim.lockdep.LockClassUsage;
import zswapsim.lockdep.LockdepReport;
import zswapsim.scenario.Lesson;
import zswapsim.trace.TraceEvent;

/**
 * The text output of {@code run}: the step listing, each line indented by CPU and by interrupt
 * nesting, then the outcome in kernel words, lockdep's splats, and the schedule to replay.
 */
public final class TextReport {
    private TextReport() {
    }

    /**
     * The listing of a run. A lesson's {@code question:} comes first, its hints and answer last; with
     * {@code hiddenAnswer} set (--student) the answer is replaced by that line.
     */
    public static String render(RunResult r, Lesson lesson, String hiddenAnswer) {
        StringBuilder b = new StringBuilder();
        b.append("scenario: ").append(r.scenario()).append('\n');
        b.append("file:     ").append(r.file()).append("   seed: ").append(r.seed()).append('\n').append('\n');
        if (lesson.question() != null) {
            b.append("question:\n").append(indent(lesson.question())).append('\n');
        }
        b.append(String.format("%5s  %-4s  %-34s %s%n", "step", "cpu", "context", "what happened"));
        listing(r.events()).forEach(l -> b.append(l).append('\n'));
        b.append('\n').append(outcome(r)).append('\n');
        if (!r.lockdep().isEmpty()) {
            b.append('\n');
            for (LockdepReport l : r.lockdep()) {
                b.append("lockdep report at step ").append(l.step()).append(" (").append(l.kind()).append("):\n");
                l.text().forEach(t -> b.append(t).append('\n'));
            }
        } else {
            b.append("lockdep: no report\n");
        }
        b.append("\nlock classes (usage: hardirq-W hardirq-R softirq-W softirq-R; + enabled, - in irq, ? both):\n");
        for (LockClassUsage c : r.lockClasses()) {
            b.append(String.format("  %-24s %s", c.name(), c.usage()));
            List<String> bits = c.bits().stream().map(x -> x.bit() + "@" + x.step()).toList();
            b.append("  ").append(String.join(" ", bits)).append('\n');
        }
        b.append("\nat the end:\n");
        r.cpus().forEach(c -> b.append("  ").append(c).append('\n'));
        r.refs().forEach(c -> b.append("  ").append(c).append('\n'));
        b.append("\nschedule (replay with --schedule FILE):\n  ").append(r.schedule()).append('\n');
        for (int i = 0; i < lesson.hints().size(); i++) {
            b.append("\nhint ").append(i + 1).append(":\n").append(indent(lesson.hints().get(i)));
        }
        if (hiddenAnswer != null) {
            b.append('\n').append(hiddenAnswer).append('\n');
        } else if (lesson.answer() != null) {
            b.append("\nanswer:\n").append(indent(lesson.answer()));
        }
        return b.toString();
    }

    /**
     * The listing shows what each step did: a delivered message's changes join the line of the
     * step event before it (the op whose request it answers). A message with no step event before
     * it in its step keeps a line of its own. The messages themselves are in --trace and the report.
     */
    private static List<TraceEvent> foldMessages(List<TraceEvent> events) {
        List<TraceEvent> out = new java.util.ArrayList<>();
        for (TraceEvent e : events) {
            TraceEvent last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (e.isMessage() && last != null && last.step() == e.step()) {
                if (!e.changes().isEmpty()) {
                    List<String> changes = new java.util.ArrayList<>(last.changes());
                    changes.addAll(e.changes());
                    out.set(out.size() - 1, last.withChanges(List.copyOf(changes)));
                }
            } else if (!e.isMessage() || !e.changes().isEmpty()) {
                out.add(e);
            }
        }
        return out;
    }

    /** Markdown text, each line indented by two spaces, ending in a newline. */
    private static String indent(String text) {
        StringBuilder b = new StringBuilder();
        text.strip().lines().forEach(l -> b.append(l.isBlank() ? "" : "  " + l).append('\n'));
        return b.toString();
    }

    /** One line per event, as the run listing prints them: step, CPU, context (indented by nesting), what happened. */
    public static List<String> listing(List<TraceEvent> events) {
        return foldMessages(events).stream().map(TextReport::line).toList();
    }

    private static String line(TraceEvent e) {
        String indent = "  ".repeat(Math.max(0, e.depth()));
        String ctx = e.isMessage() ? e.message().from() + " -> " + e.message().to()
                : e.cpu() < 0 ? "" : indent + (e.depth() > 0 ? "└ " : "") + e.context();
        String cpu = e.cpu() < 0 ? "rcu" : "CPU" + e.cpu();
        StringBuilder what = new StringBuilder(e.text());
        if (!e.changes().isEmpty()) {
            what.append("   [").append(String.join("; ", e.changes())).append(']');
        }
        if (!e.where().isEmpty() && (e.kind().equals("op") || e.kind().equals("spin"))) {
            what.append("   ").append(shortWhere(e.where()));
        }
        return String.format("%5d  %-4s  %-34s %s", e.step(), cpu, ctx, what);
    }

    private static String shortWhere(String where) {
        int slash = where.lastIndexOf('/');
        return slash >= 0 ? where.substring(slash + 1) : where;
    }

    /** The closing block: what happened, in kernel words. */
    public static String outcome(RunResult r) {
        return switch (r.outcome()) {
            case DEADLOCK -> "outcome: DEADLOCK (" + r.deadlock().kind() + ") after " + r.steps() + " steps\n  "
                    + r.deadlock().explanation();
            case STEP_LIMIT -> "outcome: step limit reached after " + r.steps() + " steps (raise --max-steps)";
            default -> "outcome: completed after " + r.steps() + " steps, no deadlock";
        };
    }
}
