package zswapsim.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import zswapsim.lockdep.LockdepReport;
import zswapsim.report.Timeline.Callback;
import zswapsim.report.Timeline.Count;
import zswapsim.report.Timeline.Hold;
import zswapsim.report.Timeline.Mark;
import zswapsim.report.Timeline.Message;
import zswapsim.report.Timeline.Span;
import zswapsim.report.Timeline.TaskSpan;
import zswapsim.sim.RunResult;
import zswapsim.trace.CpuSnapshot;
import zswapsim.trace.CpuSnapshot.ContextSnapshot;
import zswapsim.trace.CpuSnapshot.TaskSnapshot;
import zswapsim.trace.TraceEvent;

/**
 * Folds the event stream into spans. It reads only typed fields: each CPU's last snapshot of a step
 * (the state after the step), the grace period of gp events and the messages, so it stays right
 * whatever new event kinds the kernel model grows.
 */
final class TimelineBuilder {
    private static final Comparator<Span> BY_START =
            Comparator.comparingInt(Span::start).thenComparingInt(Span::cpu).thenComparingInt(Span::level);

    /** What every CPU is once the run has ended: every span closes. */
    private static final CpuSnapshot CLOSED = new CpuSnapshot(List.of(), 0, 0, false, List.of(), List.of());

    private final CpuTrack[] tracks;
    private final List<Span> contexts = new ArrayList<>();
    private final List<Span> waits = new ArrayList<>();
    private final List<Span> masks = new ArrayList<>();
    private final List<TaskSpan> tasks = new ArrayList<>();
    private final List<Hold> holds = new ArrayList<>();
    private final List<Count> counts = new ArrayList<>();
    private final List<Span> gracePeriods = new ArrayList<>();
    private final Map<Long, int[]> openGracePeriods = new TreeMap<>();
    private final Map<Integer, Callback> callbacks = new TreeMap<>();
    private final List<Mark> marks = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();

    TimelineBuilder(int cpus) {
        tracks = new CpuTrack[cpus];
        for (int c = 0; c < cpus; c++) {
            tracks[c] = new CpuTrack(c);
        }
    }

    Timeline build(RunResult r) {
        int last = r.steps();
        Map<Integer, CpuSnapshot> stepSnapshots = new LinkedHashMap<>();
        int step = Integer.MIN_VALUE;
        for (TraceEvent e : r.events()) {
            if (e.step() != step) {
                apply(step, stepSnapshots);
                step = e.step();
            }
            last = Math.max(last, e.step());
            if (e.snapshot() != null && e.cpu() >= 0 && e.cpu() < tracks.length) {
                stepSnapshots.put(e.cpu(), e.snapshot());
            }
            if (e.isMessage()) {
                message(e);
            } else {
                gracePeriod(e);
                mark(e);
            }
        }
        apply(step, stepSnapshots);
        int end = last + 1;
        for (CpuTrack t : tracks) {
            t.update(end, CLOSED);
        }
        openGracePeriods.forEach((gp, open) -> gracePeriods.add(new Span(-1, open[1], "grace period " + gp, open[0], end)));
        for (LockdepReport l : r.lockdep()) {
            marks.add(new Mark(l.step(), cpuAt(r.events(), l.step()), "lockdep", l.kind() + (l.lock() == null ? "" : ": " + l.lock())));
        }
        contexts.sort(BY_START);
        waits.sort(BY_START);
        masks.sort(BY_START);
        gracePeriods.sort(BY_START);
        tasks.sort(Comparator.comparingInt(TaskSpan::start).thenComparingInt(TaskSpan::cpu).thenComparingInt(TaskSpan::row));
        holds.sort(Comparator.comparingInt(Hold::start).thenComparingInt(Hold::cpu).thenComparingInt(Hold::row)
                .thenComparingInt(Hold::depth).thenComparingInt(Hold::stripe));
        marks.sort(Comparator.comparingInt(Mark::step));
        return new Timeline(tracks.length, end, List.copyOf(contexts), List.copyOf(waits), List.copyOf(masks),
                List.copyOf(tasks), List.copyOf(holds), List.copyOf(counts), List.copyOf(gracePeriods),
                List.copyOf(callbacks.values()), List.copyOf(marks), List.copyOf(messages));
    }

    /** Every CPU's state after a step is its last snapshot in that step. */
    private void apply(int step, Map<Integer, CpuSnapshot> snapshots) {
        snapshots.forEach((cpu, s) -> tracks[cpu].update(step, s));
        snapshots.clear();
    }

    private void gracePeriod(TraceEvent e) {
        if (e.gp() < 0) {
            return;
        }
        if (e.kind().equals("gp-start")) {
            openGracePeriods.put(e.gp(), new int[] {e.step(), openGracePeriods.size()});
        } else if (e.kind().equals("gp-end")) {
            int[] open = openGracePeriods.remove(e.gp());
            if (open != null) {
                gracePeriods.add(new Span(-1, open[1], "grace period " + e.gp(), open[0], e.step()));
            }
        }
    }

    private void message(TraceEvent e) {
        var m = e.message();
        messages.add(new Message(e.step(), m.from(), m.to(), m.msg(), m.callback(), e.text()));
        if (m.callback() < 0) {
            return;
        }
        if (m.msg().equals("call_rcu")) {
            callbacks.put(m.callback(), new Callback(m.callback(), e.text(), e.step(), Timeline.cpuOf(m.from()), -1, -1));
        } else if (m.msg().equals("invoke_callback")) {
            Callback c = callbacks.get(m.callback());
            if (c != null) {
                callbacks.put(c.id(), new Callback(c.id(), c.text(), c.queuedStep(), c.queuedCpu(), e.step(),
                        Timeline.cpuOf(m.to())));
            }
        }
    }

    private void mark(TraceEvent e) {
        switch (e.kind()) {
            case "deadlock", "warn", "qs", "lockdep" -> marks.add(new Mark(e.step(), e.cpu(), e.kind(), e.text()));
            default -> {
            }
        }
    }

    /** Lockdep reports carry a step, not a CPU: the CPU whose step event at that step came last. */
    private static int cpuAt(List<TraceEvent> events, int step) {
        int cpu = -1;
        for (TraceEvent e : events) {
            if (e.step() == step && e.cpu() >= 0 && !e.isMessage()) {
                cpu = e.cpu();
            }
        }
        return cpu;
    }

    /** An open span: what it shows and since when. */
    private record Open(String what, int start) {
    }

    /** An open hold; {@code key} names its holder. */
    private record OpenHold(String key, int row, int depth, String holder, String lock, int stripe, int start) {
    }

    /** An open task state. */
    private record OpenTask(int row, String comm, String state, String waitsOn, int start) {
    }

    /** One CPU's open spans. */
    private final class CpuTrack {
        private final int cpu;
        private final List<Open> stack = new ArrayList<>();
        private final List<Open> stackWaits = new ArrayList<>();
        private final Map<Integer, Integer> rows = new HashMap<>();
        private final Map<Integer, OpenTask> openTasks = new LinkedHashMap<>();
        private final Map<String, OpenHold> openHolds = new LinkedHashMap<>();
        private int bhStart = -1;
        private int irqStart = -1;
        private int preempt;
        private int bh;

        CpuTrack(int cpu) {
            this.cpu = cpu;
        }

        void update(int step, CpuSnapshot s) {
            // An interrupt on an idle CPU still sits at depth 1.
            int base = !s.stack().isEmpty() && !s.stack().get(0).kind().equals("task") ? 1 : 0;
            List<String> names = new ArrayList<>();
            List<String> waitNames = new ArrayList<>();
            for (int d = 0; d < base; d++) {
                names.add(null);
                waitNames.add(null);
            }
            for (ContextSnapshot c : s.stack()) {
                names.add(c.kind() + " " + c.label());
                waitNames.add(c.waitsOn());
            }
            levels(step, stack, names, contexts);
            levels(step, stackWaits, waitNames, waits);
            bhStart = mask(0, "BH disabled", bhStart, s.bh() > 0, step);
            irqStart = mask(1, "hardirqs disabled", irqStart, s.irqsOff(), step);
            if (s != CLOSED && (s.preempt() != preempt || s.bh() != bh)) {
                preempt = s.preempt();
                bh = s.bh();
                counts.add(new Count(cpu, step, preempt, bh));
            }
            taskStates(step, s.tasks());
            holdsNow(step, s, base);
        }

        /** Keeps the common outer part of a stack; everything above the first difference restarts. */
        private void levels(int step, List<Open> open, List<String> now, List<Span> out) {
            int keep = 0;
            while (keep < open.size() && keep < now.size() && Objects.equals(open.get(keep).what(), now.get(keep))) {
                keep++;
            }
            for (int d = open.size() - 1; d >= keep; d--) {
                Open o = open.remove(d);
                if (o.what() != null) {
                    out.add(new Span(cpu, d, o.what(), o.start(), step));
                }
            }
            for (int d = keep; d < now.size(); d++) {
                open.add(new Open(now.get(d), step));
            }
        }

        private int mask(int level, String name, int start, boolean on, int step) {
            if (on && start < 0) {
                return step;
            }
            if (!on && start >= 0) {
                masks.add(new Span(cpu, level, name, start, step));
                return -1;
            }
            return start;
        }

        private void taskStates(int step, List<TaskSnapshot> now) {
            Map<Integer, TaskSnapshot> byPid = new HashMap<>();
            now.forEach(t -> byPid.put(t.pid(), t));
            openTasks.entrySet().removeIf(o -> {
                TaskSnapshot t = byPid.get(o.getKey());
                OpenTask ot = o.getValue();
                if (t != null && t.state().equals(ot.state()) && Objects.equals(t.waitsOn(), ot.waitsOn())) {
                    return false;
                }
                tasks.add(new TaskSpan(cpu, ot.row(), ot.comm(), ot.state(), ot.waitsOn(), ot.start(), step));
                return true;
            });
            for (TaskSnapshot t : now) {
                if (!openTasks.containsKey(t.pid())) {
                    int row = rows.computeIfAbsent(t.pid(), p -> rows.size());
                    openTasks.put(t.pid(), new OpenTask(row, t.comm(), t.state(), t.waitsOn(), step));
                }
            }
        }

        private void holdsNow(int step, CpuSnapshot s, int base) {
            Map<String, OpenHold> now = new LinkedHashMap<>();
            for (TaskSnapshot t : s.tasks()) {
                int row = rows.get(t.pid());
                t.holds().forEach(l -> now.put("t" + t.pid() + "/" + l, new OpenHold("t" + t.pid(), row, 0, "task " + t.comm(), l, 0, step)));
            }
            for (int d = 0; d < s.stack().size(); d++) {
                ContextSnapshot c = s.stack().get(d);
                if (!c.kind().equals("task")) {
                    String holder = c.kind() + " " + c.label();
                    String key = "c" + (d + base) + holder;
                    for (String l : c.holds()) {
                        now.put(key + "/" + l, new OpenHold(key, -1, d + base, holder, l, 0, step));
                    }
                }
            }
            openHolds.entrySet().removeIf(o -> {
                if (now.containsKey(o.getKey())) {
                    return false;
                }
                OpenHold h = o.getValue();
                holds.add(new Hold(cpu, h.row(), h.depth(), h.holder(), h.lock(), h.stripe(), h.start(), step));
                return true;
            });
            now.forEach((k, h) -> {
                if (!openHolds.containsKey(k)) {
                    openHolds.put(k, new OpenHold(h.key(), h.row(), h.depth(), h.holder(), h.lock(), freeStripe(h.key()), step));
                }
            });
        }

        private int freeStripe(String holderKey) {
            int stripe = 0;
            while (true) {
                int s = stripe;
                if (openHolds.values().stream().noneMatch(h -> h.key().equals(holderKey) && h.stripe() == s)) {
                    return stripe;
                }
                stripe++;
            }
        }
    }
}
