package zswapsim.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import zswapsim.sim.RunResult;
import zswapsim.lockdep.LockClassUsage;
import zswapsim.lockdep.LockdepReport;
import zswapsim.report.Timeline.Callback;
import zswapsim.report.Timeline.Mark;
import zswapsim.report.Timeline.Hold;
import zswapsim.report.Timeline.Span;
import zswapsim.report.Timeline.TaskSpan;
import zswapsim.scenario.Lesson;
import zswapsim.scenario.Scenario;
import zswapsim.trace.CpuSnapshot;
import zswapsim.trace.Json;
import zswapsim.trace.MessageInfo;
import zswapsim.trace.TraceEvent;

/**
 * One run as the report page's data. Compact because runs get long (100,000 steps on 128 CPUs):
 * events are columns of numbers, texts go through a {@link StringTable}, steps are deltas, and
 * spans are flat tuples. The page's script (report.js) is the only reader; keep the two in step.
 */
final class ReportData {
    private final StringTable table = new StringTable();
    private final DeltaStrings rcuStates = new DeltaStrings();
    private final Map<List<Integer>, Integer> snapshots = new HashMap<>();
    private final List<List<Integer>> snapshotOrder = new ArrayList<>();
    /** A task's row of a snapshot, interned: most rows (a sleeping kthread's) repeat across snapshots. */
    private final Map<List<Integer>, Integer> taskRows = new HashMap<>();
    private final List<List<Integer>> taskRowOrder = new ArrayList<>();

    private ReportData() {
    }

    /** Writes the run as one JSON object value; {@code scenario} may be null (no about, no lock classes). */
    static void write(Json j, RunResult r, Scenario scenario, ReportView view) {
        new ReportData().run(j, r, scenario, view);
    }

    private void run(Json j, RunResult r, Scenario scenario, ReportView view) {
        Timeline t = Timeline.of(r);
        j.beginObject();
        meta(j, r, scenario, t, view);
        events(j, r.events());
        j.key("spans").beginObject();
        spans(j, "ctx", t.contexts());
        spans(j, "waits", t.waits());
        spans(j, "masks", t.masks());
        spans(j, "gps", t.gracePeriods());
        j.endObject();
        tasks(j, t.tasks());
        holds(j, t.holds());
        callbacks(j, t.callbacks());
        marks(j, t.marks());
        lockdep(j, r, LockOrder.of(r.dependencies()));
        table.write(j);
        j.key("snaps").value(snapshotOrder);
        j.key("taskRows").value(taskRowOrder);
        j.endObject();
    }

    private static void meta(Json j, RunResult r, Scenario scenario, Timeline t, ReportView view) {
        j.key("meta").beginObject()
                .field("scenario", r.scenario()).field("file", r.file()).field("seed", r.seed())
                .field("outcome", r.outcome()).field("outcomeText", TextReport.outcome(r)).field("steps", r.steps())
                .field("cpus", t.cpus()).field("end", t.end()).field("schedule", r.schedule())
                .field("endCpus", r.cpus()).field("endRefs", r.refs());
        RunJson.deadlock(j, r.deadlock());
        j.key("about");
        Markdown.toJson(j, scenario == null ? null : scenario.about());
        Lesson lesson = scenario == null ? Lesson.NONE : scenario.lesson();
        Markdown.toJson(j.key("question"), lesson.question());
        j.key("hints").beginArray();
        lesson.hints().forEach(h -> Markdown.toJson(j, h));
        j.endArray();
        Markdown.toJson(j.key("answer"), lesson.answer());
        j.field("student", view.student()).field("check", view.check()).field("source", source(r.file()));
        j.endObject();
    }

    /** The scenario's text for the code pane, or null when the file is gone. */
    private static String source(String file) {
        try {
            return file == null ? null : Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The events as columns. Only a CPU's last snapshot of a step is kept (the state after the
     * step); a message is one number, its [from, to, type] in {@code msgTypes}.
     */
    private void events(Json j, List<TraceEvent> events) {
        int n = events.size();
        int[][] cols = new int[13][n];
        Map<List<Integer>, Integer> messageTypes = new HashMap<>();
        List<List<Integer>> messageOrder = new ArrayList<>();
        int lastStep = 0;
        for (int i = 0; i < n; i++) {
            TraceEvent e = events.get(i);
            cols[0][i] = e.step() - lastStep;
            lastStep = e.step();
            cols[1][i] = e.cpu();
            cols[2][i] = table.string(e.context());
            cols[3][i] = e.depth();
            cols[4][i] = table.string(e.kind());
            cols[5][i] = table.string(e.text());
            cols[6][i] = table.string(e.where());
            cols[7][i] = table.list(e.chain());
            cols[8][i] = table.list(e.changes());
            cols[9][i] = e.snapshot() == null || laterInStep(events, i) ? -1 : snapshot(e.snapshot());
            cols[10][i] = e.rcu() == null ? -1 : rcuStates.add(e.rcu());
            cols[11][i] = e.refs() == null ? -1 : table.list(e.refs());
            MessageInfo m = e.message();
            cols[12][i] = m == null ? -1 : messageTypes.computeIfAbsent(
                    List.of(table.string(m.from()), table.string(m.to()), table.string(m.msg())), k -> {
                        messageOrder.add(k);
                        return messageOrder.size() - 1;
                    });
        }
        String[] names = {"dstep", "cpu", "ctx", "depth", "kind", "text", "where", "chain", "changes", "snap", "rcu", "refs", "m"};
        j.key("ev").beginObject();
        for (int c = 0; c < names.length; c++) {
            ints(j.key(names[c]), cols[c]);
        }
        j.endObject();
        j.key("msgTypes").value(messageOrder);
        rcuStates.write(j.key("rcuStates"));
    }

    /** Whether a later event of the same step carries a snapshot of the same CPU. */
    private static boolean laterInStep(List<TraceEvent> events, int i) {
        TraceEvent e = events.get(i);
        for (int k = i + 1; k < events.size() && events.get(k).step() == e.step(); k++) {
            if (events.get(k).cpu() == e.cpu() && events.get(k).snapshot() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * A snapshot as one interned list of numbers: preempt, bh, irqs off (0/1), pending (a list id),
     * the number of contexts, then for each context kind, label, holds, waits on (-1 for none), since,
     * then for each task the id of its row (comm, pid, state, holds, waits on, since) in taskRows.
     */
    private int snapshot(CpuSnapshot s) {
        List<Integer> out = new ArrayList<>();
        out.add(s.preempt());
        out.add(s.bh());
        out.add(s.irqsOff() ? 1 : 0);
        out.add(table.list(s.pending()));
        out.add(s.stack().size());
        for (CpuSnapshot.ContextSnapshot c : s.stack()) {
            out.addAll(List.of(table.string(c.kind()), table.string(c.label()), table.list(c.holds()), wait(c.waitsOn()), c.since()));
        }
        for (CpuSnapshot.TaskSnapshot t : s.tasks()) {
            List<Integer> row = List.of(table.string(t.comm()), t.pid(), table.string(t.state()), table.list(t.holds()),
                    wait(t.waitsOn()), t.since());
            out.add(taskRows.computeIfAbsent(row, k -> {
                taskRowOrder.add(k);
                return taskRowOrder.size() - 1;
            }));
        }
        return snapshots.computeIfAbsent(out, k -> {
            snapshotOrder.add(k);
            return snapshotOrder.size() - 1;
        });
    }

    private int wait(String waitsOn) {
        return waitsOn == null ? -1 : table.string(waitsOn);
    }

    /** Each task state as seven numbers: cpu, row, comm, state, waits on (-1 for none), start, end. */
    private void tasks(Json j, List<TaskSpan> tasks) {
        int[] flat = new int[tasks.size() * 7];
        int i = 0;
        for (TaskSpan t : tasks) {
            flat[i++] = t.cpu();
            flat[i++] = t.row();
            flat[i++] = table.string(t.comm());
            flat[i++] = table.string(t.state());
            flat[i++] = wait(t.waitsOn());
            flat[i++] = t.start();
            flat[i++] = t.end();
        }
        ints(j.key("tasks"), flat);
    }

    /** Each hold as eight numbers: cpu, task row (-1 for an interrupt), depth, holder, lock, stripe, start, end. */
    private void holds(Json j, List<Hold> holds) {
        int[] flat = new int[holds.size() * 8];
        int i = 0;
        for (Hold h : holds) {
            flat[i++] = h.cpu();
            flat[i++] = h.row();
            flat[i++] = h.depth();
            flat[i++] = table.string(h.holder());
            flat[i++] = table.string(h.lock());
            flat[i++] = h.stripe();
            flat[i++] = h.start();
            flat[i++] = h.end();
        }
        ints(j.key("holds"), flat);
    }

    /** Each span as five numbers: cpu, level, name, start, end. */
    private void spans(Json j, String key, List<Span> spans) {
        int[] flat = new int[spans.size() * 5];
        int i = 0;
        for (Span s : spans) {
            flat[i++] = s.cpu();
            flat[i++] = s.level();
            flat[i++] = table.string(s.name());
            flat[i++] = s.start();
            flat[i++] = s.end();
        }
        ints(j.key(key), flat);
    }

    /** Each callback as six numbers: id, text, queued step, queued cpu, invoked step, invoked cpu. */
    private void callbacks(Json j, List<Callback> callbacks) {
        int[] flat = new int[callbacks.size() * 6];
        int i = 0;
        for (Callback c : callbacks) {
            flat[i++] = c.id();
            flat[i++] = table.string(c.text());
            flat[i++] = c.queuedStep();
            flat[i++] = c.queuedCpu();
            flat[i++] = c.invokedStep();
            flat[i++] = c.invokedCpu();
        }
        ints(j.key("cbs"), flat);
    }

    /** Each mark as four numbers: step, cpu, kind, text. */
    private void marks(Json j, List<Mark> marks) {
        int[] flat = new int[marks.size() * 4];
        int i = 0;
        for (Mark m : marks) {
            flat[i++] = m.step();
            flat[i++] = m.cpu();
            flat[i++] = table.string(m.kind());
            flat[i++] = table.string(m.text());
        }
        ints(j.key("marks"), flat);
    }

    private static void lockdep(Json j, RunResult r, LockOrder order) {
        j.key("lockdep").beginObject().key("reports").beginArray();
        for (LockdepReport l : r.lockdep()) {
            j.beginObject().field("kind", l.kind()).field("lock", l.lock()).field("usage", l.usage())
                    .field("step", l.step()).field("text", l.text()).key("edges").beginArray();
            LockOrder.reported(r, l).forEach(e -> j.beginArray().value(e.from()).value(e.to()).endArray());
            j.endArray().endObject();
        }
        j.endArray().key("classes").beginArray();
        for (LockClassUsage c : r.lockClasses()) {
            j.beginObject().field("name", c.name()).field("usage", c.usage()).key("bits").beginArray();
            c.bits().forEach(b -> j.beginArray().value(b.bit()).value(b.step()).endArray());
            j.endArray().endObject();
        }
        j.endArray().key("edges").beginArray();
        order.edges().forEach(e -> j.beginArray().value(e.from()).value(e.to()).value(e.step()).value(e.count()).endArray());
        j.endArray().endObject();
    }

    private static void ints(Json j, int[] values) {
        j.beginArray();
        Arrays.stream(values).forEach(j::value);
        j.endArray();
    }
}
