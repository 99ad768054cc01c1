package zswapsim.trace;

import java.util.List;

/** The {@code --trace} JSONL format: one event per line. */
public final class TraceWriter {
    private TraceWriter() {
    }

    public static String toJsonl(List<TraceEvent> events) {
        StringBuilder b = new StringBuilder();
        for (TraceEvent e : events) {
            b.append(toJson(e)).append('\n');
        }
        return b.toString();
    }

    public static String toJson(TraceEvent e) {
        Json j = new Json().beginObject()
                .field("step", e.step()).field("cpu", e.cpu()).field("context", e.context()).field("depth", e.depth())
                .field("kind", e.kind()).field("op", e.text()).field("where", e.where()).field("chain", e.chain())
                .field("held", e.held()).field("changes", e.changes()).field("cpu_state", e.cpuState())
                .field("rcu", e.rcu()).field("refs", e.refs());
        if (e.isMessage()) {
            j.field("from", e.from()).field("to", e.to()).field("msg", e.msg());
        }
        return j.endObject().toString();
    }
}
