package zswapsim.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import zswapsim.sim.RunResult;
import zswapsim.report.Timeline.Callback;
import zswapsim.report.Timeline.Mark;
import zswapsim.report.Timeline.Span;
import zswapsim.trace.Json;

/**
 * {@code --perfetto}: the run in Chrome's Trace Event Format, for ui.perfetto.dev or chrome://tracing.
 * One thread per CPU (tid = cpu + 1) and one for RCU's grace periods, all in pid 1; a step is one
 * microsecond. Contexts and held locks are B/E slices, kept properly nested on each thread by
 * {@link SliceNester}; lockdep reports, warnings and the deadlock are instants; each call_rcu()
 * is a flow to its callback's invocation.
 */
public final class PerfettoWriter {
    static final int PID = 1;

    private PerfettoWriter() {
    }

    public static String toJson(RunResult r) {
        Timeline t = Timeline.of(r);
        int rcuTid = t.cpus() + 1;
        Json j = new Json().beginObject().key("traceEvents").beginArray();
        metadata(j, r, t.cpus(), rcuTid);
        for (int cpu = 0; cpu < t.cpus(); cpu++) {
            List<TrackEvent> track = new ArrayList<>(SliceNester.nest(cpuSlices(t, cpu), cpu + 1));
            points(t, cpu, track);
            write(j, track);
        }
        write(j, SliceNester.nest(t.gracePeriods().stream().map(s -> new Slice(s, "rcu", 0)).toList(), rcuTid));
        j.endArray();
        j.key("displayTimeUnit").value("ms");
        j.key("otherData").beginObject().field("scenario", r.scenario()).field("file", r.file())
                .field("seed", String.valueOf(r.seed())).field("outcome", TextReport.outcome(r)).endObject();
        return j.endObject().toString();
    }

    /** A span with its category; {@code order} ranks spans opening at one step: outer contexts, then locks. */
    record Slice(Span span, String category, int order) {
    }

    /** One trace event on one thread, before serialisation; {@code rank} orders events of one timestamp. */
    record TrackEvent(long ts, int rank, int tid, String phase, String name, String category, String detail, int id) {
    }

    private static List<Slice> cpuSlices(Timeline t, int cpu) {
        List<Slice> out = new ArrayList<>();
        t.contexts().stream().filter(s -> s.cpu() == cpu).forEach(s -> out.add(new Slice(s, "context", s.level())));
        t.locks().stream().filter(s -> s.cpu() == cpu).forEach(s -> out.add(new Slice(s, "lock", 100 + s.level())));
        return out;
    }

    /** Instants and flow ends on one CPU; they rank after the slices that open at the same step. */
    private static void points(Timeline t, int cpu, List<TrackEvent> track) {
        int tid = cpu + 1;
        for (Mark m : t.marks()) {
            if (m.cpu() == cpu && !m.kind().equals("spin") && !m.kind().equals("qs")) {
                track.add(new TrackEvent(m.step(), 2, tid, "i", m.kind() + ": " + firstLine(m.text()), m.kind(), m.text(), -1));
            }
        }
        for (Callback c : t.callbacks()) {
            if (c.invokedStep() < 0) {
                continue;
            }
            String name = "call_rcu " + c.function();
            if (c.queuedCpu() == cpu) {
                track.add(new TrackEvent(c.queuedStep(), 2, tid, "s", name, "rcu", null, c.id()));
            }
            if (c.invokedCpu() == cpu) {
                track.add(new TrackEvent(c.invokedStep(), 2, tid, "f", name, "rcu", null, c.id()));
            }
        }
        // Stable: the nester's own order within a timestamp survives.
        track.sort(Comparator.comparingLong(TrackEvent::ts).thenComparingInt(TrackEvent::rank));
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }

    private static void metadata(Json j, RunResult r, int cpus, int rcuTid) {
        j.beginObject().field("ph", "M").field("pid", PID).field("name", "process_name")
                .key("args").beginObject().field("name", "zswapsim: " + r.scenario() + " (seed " + r.seed() + ")").endObject()
                .endObject();
        for (int cpu = 0; cpu < cpus; cpu++) {
            thread(j, cpu + 1, "CPU" + cpu, cpu + 1);
        }
        thread(j, rcuTid, "rcu", 0);
    }

    private static void thread(Json j, int tid, String name, int sortIndex) {
        j.beginObject().field("ph", "M").field("pid", PID).field("tid", tid).field("name", "thread_name")
                .key("args").beginObject().field("name", name).endObject().endObject();
        j.beginObject().field("ph", "M").field("pid", PID).field("tid", tid).field("name", "thread_sort_index")
                .key("args").beginObject().field("sort_index", sortIndex).endObject().endObject();
    }

    private static void write(Json j, List<TrackEvent> events) {
        for (TrackEvent e : events) {
            j.beginObject().field("ph", e.phase()).field("pid", PID).field("tid", e.tid()).field("ts", e.ts())
                    .field("name", e.name()).field("cat", e.category());
            switch (e.phase()) {
                case "i" -> j.field("s", "t");
                case "s" -> j.field("id", e.id());
                case "f" -> j.field("id", e.id()).field("bp", "e");
                default -> {
                }
            }
            if (e.detail() != null) {
                j.key("args").beginObject().field("text", e.detail()).endObject();
            }
            j.endObject();
        }
    }
}
