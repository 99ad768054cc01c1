package zswapsim.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import zswapsim.report.PerfettoWriter.Slice;
import zswapsim.report.PerfettoWriter.TrackEvent;

/**
 * Turns one thread's spans into balanced, properly nested B/E pairs. Spans need not nest (a lock
 * taken first may be released first), but B/E on a thread must: closing a span that is not on top
 * closes the ones above it and reopens them at once, as a trace viewer expects.
 */
final class SliceNester {
    private SliceNester() {
    }

    static List<TrackEvent> nest(List<Slice> slices, int tid) {
        TreeMap<Integer, List<Slice>> opens = new TreeMap<>();
        TreeMap<Integer, List<Slice>> closes = new TreeMap<>();
        for (Slice s : slices) {
            opens.computeIfAbsent(s.span().start(), k -> new ArrayList<>()).add(s);
            closes.computeIfAbsent(s.span().end(), k -> new ArrayList<>()).add(s);
        }
        TreeSet<Integer> times = new TreeSet<>(opens.keySet());
        times.addAll(closes.keySet());
        List<TrackEvent> out = new ArrayList<>();
        List<Slice> stack = new ArrayList<>();
        for (int ts : times) {
            // Topmost first, so that a span closing anyway is never reopened for nothing.
            List<Slice> ending = new ArrayList<>(closes.getOrDefault(ts, List.of()));
            ending.removeIf(s -> s.span().start() == ts);
            ending.sort(Comparator.comparingInt((Slice s) -> stack.indexOf(s)).reversed());
            for (Slice s : ending) {
                close(stack, s, ts, tid, out);
            }
            List<Slice> starting = new ArrayList<>(opens.getOrDefault(ts, List.of()));
            starting.sort(Comparator.comparingInt(Slice::order));
            for (Slice s : starting) {
                out.add(begin(s, ts, tid));
                if (s.span().end() == ts) {
                    out.add(end(s, ts, tid));
                } else {
                    stack.add(s);
                }
            }
        }
        for (int i = stack.size() - 1; i >= 0; i--) {
            out.add(end(stack.get(i), stack.get(i).span().end(), tid));
        }
        return out;
    }

    private static void close(List<Slice> stack, Slice s, int ts, int tid, List<TrackEvent> out) {
        int at = stack.indexOf(s);
        if (at < 0) {
            return;
        }
        List<Slice> above = new ArrayList<>(stack.subList(at + 1, stack.size()));
        for (int i = stack.size() - 1; i >= at; i--) {
            out.add(end(stack.remove(i), ts, tid));
        }
        for (Slice again : above) {
            out.add(begin(again, ts, tid));
            stack.add(again);
        }
    }

    private static TrackEvent begin(Slice s, int ts, int tid) {
        return new TrackEvent(ts, 0, tid, "B", s.span().name(), s.category(), null, -1, 0);
    }

    private static TrackEvent end(Slice s, int ts, int tid) {
        return new TrackEvent(ts, 0, tid, "E", s.span().name(), s.category(), null, -1, 0);
    }
}
