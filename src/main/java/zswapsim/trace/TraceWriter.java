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

    private static void snapshot(Json j, CpuSnapshot s) {
        j.beginObject().key("stack").beginArray();
        for (CpuSnapshot.ContextSnapshot c : s.stack()) {
            j.beginObject().field("kind", c.kind()).field("label", c.label()).field("holds", c.holds())
                    .field("waits_on", c.waitsOn()).field("since", c.since()).endObject();
        }
        j.endArray().field("preempt", s.preempt()).field("bh", s.bh()).field("irqs_off", s.irqsOff())
                .field("pending", s.pending()).key("tasks").beginArray();
        for (CpuSnapshot.TaskSnapshot t : s.tasks()) {
            j.beginObject().field("comm", t.comm()).field("pid", t.pid()).field("state", t.state())
                    .field("holds", t.holds()).field("waits_on", t.waitsOn()).field("since", t.since()).endObject();
        }
        j.endArray().endObject();
    }

    public static String toJson(TraceEvent e) {
        Json j = new Json().beginObject()
                .field("step", e.step()).field("cpu", e.cpu()).field("context", e.context()).field("depth", e.depth())
                .field("kind", e.kind()).field("op", e.text()).field("where", e.where()).field("chain", e.chain())
                .field("held", e.held()).field("changes", e.changes()).field("cpu_state", e.cpuState())
                .field("rcu", e.rcu()).field("refs", e.refs());
        if (e.gp() >= 0) {
            j.field("gp", e.gp());
        }
        if (e.snapshot() != null) {
            snapshot(j.key("snapshot"), e.snapshot());
        }
        if (e.isMessage()) {
            MessageInfo m = e.message();
            j.field("from", m.from()).field("to", m.to()).field("msg", m.msg());
            if (m.callback() >= 0) {
                j.field("callback", m.callback());
            }
        }
        return j.endObject().toString();
    }
}
