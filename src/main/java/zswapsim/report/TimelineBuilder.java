package zswapsim.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import zswapsim.sim.RunResult;
import zswapsim.lockdep.LockdepReport;
import zswapsim.report.Timeline.Callback;
import zswapsim.report.Timeline.Mark;
import zswapsim.report.Timeline.Span;
import zswapsim.trace.TraceEvent;

/**
 * Folds the event stream into spans. It trusts each event's {@code cpu_state} and {@code held}
 * (the state after the event) rather than replaying enter/exit events, so it stays right whatever
 * new event kinds the kernel model grows.
 */
final class TimelineBuilder {
    private static final Pattern CALL_RCU = Pattern.compile("^call_rcu #(\\d+) (\\S+) queued on CPU(\\d+) for grace period (\\d+)");
    private static final Pattern INVOKE = Pattern.compile("^invoke RCU callback #(\\d+) ");
    private static final Pattern GRACE_PERIOD = Pattern.compile("grace period (\\d+)");
    private static final Comparator<Span> BY_START =
            Comparator.comparingInt(Span::start).thenComparingInt(Span::cpu).thenComparingInt(Span::level);

    private final CpuTrack[] tracks;
    private final List<Span> contexts = new ArrayList<>();
    private final List<Span> locks = new ArrayList<>();
    private final List<Span> masks = new ArrayList<>();
    private final List<Span> gracePeriods = new ArrayList<>();
    private final Map<Integer, int[]> openGracePeriods = new TreeMap<>();
    private final Map<Integer, Callback> callbacks = new TreeMap<>();
    private final List<Mark> marks = new ArrayList<>();

    TimelineBuilder(int cpus) {
        tracks = new CpuTrack[cpus];
        for (int c = 0; c < cpus; c++) {
            tracks[c] = new CpuTrack(c);
        }
    }

    Timeline build(RunResult r) {
        int last = r.steps();
        for (TraceEvent e : r.events()) {
            last = Math.max(last, e.step());
            if (e.cpu() >= 0 && e.cpu() < tracks.length) {
                tracks[e.cpu()].update(e.step(), CpuStateLine.parse(e.cpuState()), e.held());
            }
            rcu(e);
            mark(e);
        }
        int end = last + 1;
        for (CpuTrack t : tracks) {
            t.closeAll(end);
        }
        openGracePeriods.forEach((gp, open) -> gracePeriods.add(new Span(-1, open[1], "grace period " + gp, open[0], end)));
        for (LockdepReport l : r.lockdep()) {
            marks.add(new Mark(l.step(), cpuAt(r.events(), l.step()), "lockdep", l.kind() + ": " + l.lock()));
        }
        contexts.sort(BY_START);
        locks.sort(BY_START);
        masks.sort(BY_START);
        gracePeriods.sort(BY_START);
        marks.sort(Comparator.comparingInt(Mark::step));
        return new Timeline(tracks.length, end, List.copyOf(contexts), List.copyOf(locks), List.copyOf(masks),
                List.copyOf(gracePeriods), List.copyOf(callbacks.values()), List.copyOf(marks));
    }

    private void rcu(TraceEvent e) {
        if (e.kind().equals("gp-start") || e.kind().equals("gp-end")) {
            Matcher m = GRACE_PERIOD.matcher(e.text());
            if (m.find()) {
                int gp = Integer.parseInt(m.group(1));
                if (e.kind().equals("gp-start")) {
                    openGracePeriods.put(gp, new int[] {e.step(), openGracePeriods.size()});
                } else {
                    int[] open = openGracePeriods.remove(gp);
                    if (open != null) {
                        gracePeriods.add(new Span(-1, open[1], "grace period " + gp, open[0], e.step()));
                    }
                }
            }
        }
        for (String change : e.changes()) {
            Matcher q = CALL_RCU.matcher(change);
            if (q.find()) {
                int id = Integer.parseInt(q.group(1));
                int cpu = e.cpu() >= 0 ? e.cpu() : Integer.parseInt(q.group(3));
                callbacks.put(id, new Callback(id, q.group(2), e.step(), cpu, Integer.parseInt(q.group(4)), -1, -1));
                continue;
            }
            Matcher i = INVOKE.matcher(change);
            if (i.find()) {
                Callback c = callbacks.get(Integer.parseInt(i.group(1)));
                if (c != null) {
                    callbacks.put(c.id(), new Callback(c.id(), c.function(), c.queuedStep(), c.queuedCpu(),
                            c.gracePeriod(), e.step(), e.cpu()));
                }
            }
        }
    }

    private void mark(TraceEvent e) {
        switch (e.kind()) {
            case "deadlock", "warn", "spin", "qs", "lockdep" -> marks.add(new Mark(e.step(), e.cpu(), e.kind(), e.text()));
            default -> {
            }
        }
    }

    /** Lockdep reports carry a step, not a CPU: the CPU whose event at that step came last. */
    private static int cpuAt(List<TraceEvent> events, int step) {
        int cpu = -1;
        for (TraceEvent e : events) {
            if (e.step() == step && e.cpu() >= 0) {
                cpu = e.cpu();
            }
        }
        return cpu;
    }

    /** One CPU's open spans. */
    private final class CpuTrack {
        private final int cpu;
        private final List<String> stack = new ArrayList<>();
        private final List<Integer> stackStarts = new ArrayList<>();
        private final Map<String, int[]> held = new LinkedHashMap<>();
        private int bhStart = -1;
        private int irqStart = -1;

        CpuTrack(int cpu) {
            this.cpu = cpu;
        }

        void update(int step, CpuStateLine state, List<String> heldNow) {
            if (state != null) {
                contexts(step, state);
                bhStart = mask(0, "BH disabled", bhStart, state.bh() > 0, step);
                irqStart = mask(1, "hardirqs disabled", irqStart, state.irqsOff(), step);
            }
            locks(step, new LinkedHashSet<>(heldNow));
        }

        /** Keeps the common outer part of the stack; everything above the first difference restarts. */
        private void contexts(int step, CpuStateLine state) {
            int keep = 0;
            while (keep < stack.size() && keep < state.contexts().size() && stack.get(keep).equals(state.contexts().get(keep))) {
                keep++;
            }
            popTo(keep, step);
            for (int d = keep; d < state.contexts().size(); d++) {
                stack.add(state.contexts().get(d));
                stackStarts.add(step);
            }
        }

        private void popTo(int size, int step) {
            for (int d = stack.size() - 1; d >= size; d--) {
                String name = stack.remove(d);
                int start = stackStarts.remove(d);
                if (!(d == 0 && name.equals("idle"))) {
                    contexts.add(new Span(cpu, d, name, start, step));
                }
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

        private void locks(int step, LinkedHashSet<String> now) {
            held.entrySet().removeIf(h -> {
                if (now.contains(h.getKey())) {
                    return false;
                }
                locks.add(new Span(cpu, h.getValue()[1], h.getKey(), h.getValue()[0], step));
                return true;
            });
            for (String name : now) {
                if (!held.containsKey(name)) {
                    held.put(name, new int[] {step, freeStripe()});
                }
            }
        }

        private int freeStripe() {
            int stripe = 0;
            while (true) {
                int s = stripe;
                if (held.values().stream().noneMatch(h -> h[1] == s)) {
                    return stripe;
                }
                stripe++;
            }
        }

        void closeAll(int end) {
            popTo(0, end);
            locks(end, new LinkedHashSet<>());
            mask(0, "BH disabled", bhStart, false, end);
            mask(1, "hardirqs disabled", irqStart, false, end);
        }
    }
}
