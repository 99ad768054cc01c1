package zswapsim.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import zswapsim.report.Timeline.Callback;
import zswapsim.report.Timeline.Count;
import zswapsim.report.Timeline.Hold;
import zswapsim.report.Timeline.Mark;
import zswapsim.report.Timeline.Message;
import zswapsim.report.Timeline.Span;
import zswapsim.report.Timeline.TaskSpan;
import zswapsim.sim.RunResult;
import zswapsim.trace.Json;
import zswapsim.trace.TraceEvent;

/**
 * {@code --perfetto}: the run in Chrome's Trace Event Format, for ui.perfetto.dev or chrome://tracing.
 * All in pid 1; a step is one microsecond. Threads: one per CPU (tid = cpu + 1: its contexts, their
 * spins and sleeps, an instant per op with its text and file:line, preempt/BH counters), one for
 * RCU's grace periods, one per task (running, runnable, sleeping or spinning on what), one per lock
 * (who holds it), and one per actor with a slice per message it sends or receives, joined by a
 * flow; each call_rcu() is also a flow from its message to its callback's invocation. B/E slices
 * are kept properly nested on each thread by {@link SliceNester}.
 */
public final class PerfettoWriter {
    static final int PID = 1;
    /** A message's slice takes this share of its slot in the step, so neighbours never touch. */
    private static final double MESSAGE_SHARE = 0.8;

    private PerfettoWriter() {
    }

    public static String toJson(RunResult r) {
        Timeline t = Timeline.of(r);
        Tids tids = new Tids(t);
        Json j = new Json().beginObject().key("traceEvents").beginArray();
        metadata(j, r, tids);
        for (int cpu = 0; cpu < t.cpus(); cpu++) {
            List<TrackEvent> track = new ArrayList<>(SliceNester.nest(cpuSlices(t, cpu), tids.cpu(cpu)));
            points(t, r.events(), cpu, tids.cpu(cpu), track);
            write(j, sorted(track));
        }
        write(j, SliceNester.nest(t.gracePeriods().stream().map(PerfettoWriter::visible).map(s -> new Slice(s, "rcu", 0)).toList(),
                tids.rcu()));
        tids.tasks.forEach((key, tid) -> write(j, SliceNester.nest(t.tasks().stream()
                .filter(ts -> taskKey(ts.cpu(), ts.row()) == key && !ts.state().equals("exited"))
                .map(ts -> new Slice(new Span(ts.cpu(), 0, taskState(ts), ts.start(), ts.end()), "task", 0)).toList(), tid)));
        tids.locks.forEach((lock, tid) -> write(j, SliceNester.nest(t.holds().stream().filter(h -> h.lock().equals(lock))
                .map(h -> new Slice(new Span(h.cpu(), 0, "held by CPU" + h.cpu() + " " + h.holder(), h.start(), h.end()),
                        "lock", 0)).toList(), tid)));
        messages(j, t, tids);
        j.endArray();
        j.key("displayTimeUnit").value("ms");
        j.key("otherData").beginObject().field("scenario", r.scenario()).field("file", r.file())
                .field("seed", String.valueOf(r.seed())).field("outcome", TextReport.outcome(r)).endObject();
        return j.endObject().toString();
    }

    /** A span with its category; {@code order} ranks spans opening at one step: outer contexts, then waits. */
    record Slice(Span span, String category, int order) {
    }

    /**
     * One trace event on one thread, before serialisation; {@code rank} orders events of one
     * timestamp; {@code dur} is for complete (X) events, {@code id} for flows, {@code args} may be null.
     */
    record TrackEvent(double ts, int rank, int tid, String phase, String name, String category, Map<String, Object> args,
                      int id, double dur) {
    }

    /** Thread ids: CPUs first, then RCU, tasks, locks and actors, each group in order of first sight. */
    private static final class Tids {
        private final int cpus;
        private final Map<Integer, Integer> tasks = new LinkedHashMap<>();
        private final Map<Integer, String> taskNames = new TreeMap<>();
        private final Map<String, Integer> locks = new LinkedHashMap<>();
        private final Map<String, Integer> actors = new LinkedHashMap<>();
        private int next;

        Tids(Timeline t) {
            cpus = t.cpus();
            next = cpus + 2;
            for (TaskSpan ts : t.tasks()) {
                int key = taskKey(ts.cpu(), ts.row());
                if (!tasks.containsKey(key)) {
                    tasks.put(key, next++);
                    taskNames.put(key, "CPU" + ts.cpu() + " task " + ts.comm());
                }
            }
            t.holds().forEach(h -> locks.computeIfAbsent(h.lock(), l -> next++));
            t.messages().forEach(m -> {
                actors.computeIfAbsent(m.from(), a -> next++);
                actors.computeIfAbsent(m.to(), a -> next++);
            });
        }

        int cpu(int cpu) {
            return cpu + 1;
        }

        int rcu() {
            return cpus + 1;
        }
    }

    private static int taskKey(int cpu, int row) {
        return cpu * 10_000 + row;
    }

    private static String taskState(TaskSpan t) {
        if (t.waitsOn() == null) {
            return t.state();
        }
        return (t.state().equals("sleeping") ? "sleeping on " : "spinning on ") + t.waitsOn();
    }

    /** A grace period no CPU had to report for starts and ends at one step: give it that step, so it shows. */
    private static Span visible(Span s) {
        return s.end() > s.start() ? s : new Span(s.cpu(), s.level(), s.name(), s.start(), s.start() + 1);
    }

    private static List<Slice> cpuSlices(Timeline t, int cpu) {
        List<Slice> out = new ArrayList<>();
        t.contexts().stream().filter(s -> s.cpu() == cpu).forEach(s -> out.add(new Slice(s, "context", s.level())));
        t.waits().stream().filter(s -> s.cpu() == cpu).forEach(s -> out.add(new Slice(
                new Span(cpu, s.level(), (s.name().startsWith("spin") ? "spinning on " : "waiting on ") + s.name(),
                        s.start(), s.end()), "wait", 100 + s.level())));
        return out;
    }

    /** Instants (marks, then each step event with its op text and place) and counters on one CPU. */
    private static void points(Timeline t, List<TraceEvent> events, int cpu, int tid, List<TrackEvent> track) {
        for (Mark m : t.marks()) {
            if (m.cpu() == cpu && !m.kind().equals("qs")) {
                track.add(new TrackEvent(m.step(), 2, tid, "i", m.kind() + ": " + firstLine(m.text()), m.kind(),
                        Map.of("text", m.text()), -1, 0));
            }
        }
        for (TraceEvent e : events) {
            if (e.cpu() == cpu && !e.isMessage() && !e.kind().equals("deadlock")) {
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("op", e.text());
                args.put("where", e.where());
                args.put("context", e.context());
                args.put("chain", e.chain());
                track.add(new TrackEvent(e.step(), 3, tid, "i", firstLine(e.text()), e.kind(), args, -1, 0));
            }
        }
        for (Count c : t.counts()) {
            if (c.cpu() == cpu) {
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("preempt", c.preempt());
                args.put("bh", c.bh());
                track.add(new TrackEvent(c.step(), 1, tid, "C", "CPU" + cpu + " counts", "counts", args, -1, 0));
            }
        }
    }

    /**
     * Each message as a slice on its sender's and its receiver's actor threads, a step's messages
     * side by side in their order, with a flow between; a call_rcu() flows on to its invocation.
     */
    private static void messages(Json j, Timeline t, Tids tids) {
        Map<Integer, List<TrackEvent>> byTid = new TreeMap<>();
        Map<Integer, double[]> callRcu = new TreeMap<>();
        List<Message> all = t.messages();
        int flow = 0;
        for (int i = 0; i < all.size(); ) {
            int step = all.get(i).step();
            int n = 0;
            while (i + n < all.size() && all.get(i + n).step() == step) {
                n++;
            }
            for (int k = 0; k < n; k++) {
                Message m = all.get(i + k);
                double ts = step + (double) k / n;
                double dur = MESSAGE_SHARE / n;
                int from = tids.actors.get(m.from());
                int to = tids.actors.get(m.to());
                Map<String, Object> args = Map.of("message", m.text(), "from", m.from(), "to", m.to());
                flow++;
                add(byTid, new TrackEvent(ts, 0, from, "X", m.msg() + " \u2192 " + m.to(), "message", args, -1, dur));
                add(byTid, new TrackEvent(ts, 1, from, "s", m.msg(), "message", null, flow, 0));
                add(byTid, new TrackEvent(ts, 0, to, "X", m.msg() + " \u2190 " + m.from(), "message", args, -1, dur));
                add(byTid, new TrackEvent(ts, 1, to, "f", m.msg(), "message", null, flow, 0));
                if (m.callback() >= 0 && m.msg().equals("call_rcu")) {
                    callRcu.put(m.callback(), new double[] {ts, from});
                } else if (m.callback() >= 0 && m.msg().equals("invoke_callback") && callRcu.containsKey(m.callback())) {
                    double[] start = callRcu.remove(m.callback());
                    Callback c = t.callbacks().stream().filter(cb -> cb.id() == m.callback()).findFirst().orElseThrow();
                    int id = all.size() + 1 + c.id();
                    String name = "call_rcu #" + c.id() + " \u2192 callback";
                    add(byTid, new TrackEvent(start[0], 2, (int) start[1], "s", name, "rcu", null, id, 0));
                    add(byTid, new TrackEvent(ts, 2, to, "f", name, "rcu", null, id, 0));
                }
            }
            i += n;
        }
        byTid.values().forEach(events -> write(j, sorted(events)));
    }

    private static void add(Map<Integer, List<TrackEvent>> byTid, TrackEvent e) {
        byTid.computeIfAbsent(e.tid(), k -> new ArrayList<>()).add(e);
    }

    /** Stable: the nester's own order within a timestamp survives. */
    private static List<TrackEvent> sorted(List<TrackEvent> track) {
        track.sort(Comparator.comparingDouble(TrackEvent::ts).thenComparingInt(TrackEvent::rank));
        return track;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }

    private static void metadata(Json j, RunResult r, Tids tids) {
        j.beginObject().field("ph", "M").field("pid", PID).field("name", "process_name")
                .key("args").beginObject().field("name", "zswapsim: " + r.scenario() + " (seed " + r.seed() + ")").endObject()
                .endObject();
        for (int cpu = 0; cpu < tids.cpus; cpu++) {
            thread(j, tids.cpu(cpu), "CPU" + cpu);
        }
        thread(j, tids.rcu(), "rcu");
        tids.tasks.forEach((key, tid) -> thread(j, tid, tids.taskNames.get(key)));
        tids.locks.forEach((lock, tid) -> thread(j, tid, "lock " + lock));
        tids.actors.forEach((actor, tid) -> thread(j, tid, "actor " + actor));
    }

    private static void thread(Json j, int tid, String name) {
        j.beginObject().field("ph", "M").field("pid", PID).field("tid", tid).field("name", "thread_name")
                .key("args").beginObject().field("name", name).endObject().endObject();
        j.beginObject().field("ph", "M").field("pid", PID).field("tid", tid).field("name", "thread_sort_index")
                .key("args").beginObject().field("sort_index", tid).endObject().endObject();
    }

    private static void write(Json j, List<TrackEvent> events) {
        for (TrackEvent e : events) {
            j.beginObject().field("ph", e.phase()).field("pid", PID).field("tid", e.tid()).field("ts", e.ts())
                    .field("name", e.name()).field("cat", e.category());
            switch (e.phase()) {
                case "i" -> j.field("s", "t");
                case "X" -> j.field("dur", e.dur());
                case "s" -> j.field("id", e.id());
                case "f" -> j.field("id", e.id()).field("bp", "e");
                default -> {
                }
            }
            if (e.args() != null) {
                j.field("args", e.args());
            }
            j.endObject();
        }
    }
}
