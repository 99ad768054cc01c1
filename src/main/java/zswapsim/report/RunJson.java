package zswapsim.report;

import zswapsim.sim.RunResult;
import zswapsim.kernel.Deadlock;
import zswapsim.lockdep.LockClassUsage;
import zswapsim.lockdep.LockdepReport;
import zswapsim.trace.Json;

/** {@code run --json}: one object per run, the fields of SCENARIO-FORMAT.md §2 in that order. */
public final class RunJson {
    private RunJson() {
    }

    /** The {@code "deadlock"} field: null, or kind, CPUs, locks and the explanation in kernel words. */
    static void deadlock(Json j, Deadlock d) {
        j.key("deadlock");
        if (d == null) {
            j.value(null);
        } else {
            j.beginObject().field("kind", d.kind()).field("cpus", d.cpus()).field("locks", d.locks())
                    .field("explanation", d.explanation()).endObject();
        }
    }

    public static String of(RunResult r) {
        Json j = new Json().beginObject()
                .field("file", r.file()).field("scenario", r.scenario()).field("seed", r.seed())
                .field("outcome", r.outcome()).field("steps", r.steps());
        deadlock(j, r.deadlock());
        j.key("lockdep").beginArray();
        for (LockdepReport l : r.lockdep()) {
            j.beginObject().field("kind", l.kind()).field("lock", l.lock()).field("usage", l.usage())
                    .field("step", l.step()).endObject();
        }
        j.endArray();
        j.key("lock_classes").beginArray();
        for (LockClassUsage c : r.lockClasses()) {
            j.beginObject().field("name", c.name()).field("usage", c.usage()).key("bits").beginArray();
            for (LockClassUsage.UsageBitSet b : c.bits()) {
                j.beginObject().field("bit", b.bit()).field("step", b.step()).endObject();
            }
            j.endArray().endObject();
        }
        j.endArray();
        j.field("schedule", r.schedule());
        return j.endObject().toString();
    }
}
