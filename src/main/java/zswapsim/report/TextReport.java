package zswapsim.report;

import java.util.List;
import zswapsim.explore.RunResult;
import zswapsim.lockdep.LockClassUsage;
import zswapsim.lockdep.LockdepReport;
import zswapsim.trace.TraceEvent;

/**
 * The text output of {@code run}: the step listing, each line indented by CPU and by interrupt
 * nesting, then the outcome in kernel words, lockdep's splats, and the schedule to replay.
 */
public final class TextReport {
    private TextReport() {
    }

    public static String render(RunResult r) {
        StringBuilder b = new StringBuilder();
        b.append("scenario: ").append(r.scenario()).append('\n');
        b.append("file:     ").append(r.file()).append("   seed: ").append(r.seed()).append('\n').append('\n');
        b.append(String.format("%5s  %-4s  %-34s %s%n", "step", "cpu", "context", "what happened"));
        for (TraceEvent e : foldMessages(r.events())) {
            line(b, e);
        }
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
        return b.toString();
    }

    /**
     * The listing shows what each step did: a delivered message's changes join the line of the
     * step event before it (the op whose request it answers). A message with no step event before
     * it in its step keeps a line of its own. The messages themselves are in --trace and the report.
     */
    static List<TraceEvent> foldMessages(List<TraceEvent> events) {
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

    private static void line(StringBuilder b, TraceEvent e) {
        String indent = "  ".repeat(Math.max(0, e.depth()));
        String ctx = e.isMessage() ? e.message().from() + " -> " + e.message().to() : e.cpu() < 0 ? "" : indent + (e.depth() > 0 ? "└ " : "") + e.context();
        String cpu = e.cpu() < 0 ? "rcu" : "CPU" + e.cpu();
        StringBuilder what = new StringBuilder(e.text());
        if (!e.changes().isEmpty()) {
            what.append("   [").append(String.join("; ", e.changes())).append(']');
        }
        if (!e.where().isEmpty() && (e.kind().equals("op") || e.kind().equals("spin"))) {
            what.append("   ").append(shortWhere(e.where()));
        }
        b.append(String.format("%5d  %-4s  %-34s %s%n", e.step(), cpu, ctx, what));
    }

    private static String shortWhere(String where) {
        int slash = where.lastIndexOf('/');
        return slash >= 0 ? where.substring(slash + 1) : where;
    }

    /** The closing block: what happened, in kernel words. */
    public static String outcome(RunResult r) {
        return switch (r.outcome()) {
            case "deadlock" -> "outcome: DEADLOCK (" + r.deadlock().kind() + ") after " + r.steps() + " steps\n  "
                    + r.deadlock().explanation();
            case "step-limit" -> "outcome: step limit reached after " + r.steps() + " steps (raise --max-steps)";
            default -> "outcome: completed after " + r.steps() + " steps, no deadlock";
        };
    }
}
