package zswapsim.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import zswapsim.trace.TraceEvent;

/**
 * The lock order a run showed: an edge {@code A -> B} each time B was taken on a CPU that held A
 * (the running context or one it interrupted, as lockdep's held-lock stack sees it), by lock class.
 * This is the hook for the dependency graph: when the lockdep package exposes its own edges, build
 * a {@code LockOrder} from them with {@link #of(List)} and the report draws those instead.
 */
public record LockOrder(List<Edge> edges) {
    private static final Pattern TAKEN = Pattern.compile("^(.+) (?:read-)?taken$");
    private static final String READ = " (read)";

    /** {@code from -> to}, first seen at {@code step}, seen {@code count} times. */
    public record Edge(String from, String to, int step, int count) {
    }

    public static LockOrder of(List<Edge> edges) {
        return new LockOrder(List.copyOf(edges));
    }

    /** Edges from the trace; {@code classOf} maps a lock instance to its lockdep class. */
    public static LockOrder fromTrace(List<TraceEvent> events, UnaryOperator<String> classOf) {
        Map<String, Edge> edges = new LinkedHashMap<>();
        for (TraceEvent e : events) {
            if (e.cpu() < 0) {
                continue;
            }
            for (String change : e.changes()) {
                Matcher m = TAKEN.matcher(change);
                if (!m.matches()) {
                    continue;
                }
                String taken = m.group(1);
                for (String h : e.held()) {
                    String holder = h.endsWith(READ) ? h.substring(0, h.length() - READ.length()) : h;
                    if (holder.equals(taken)) {
                        continue;
                    }
                    String from = classOf.apply(holder);
                    String to = classOf.apply(taken);
                    edges.merge(from + "\u0000" + to, new Edge(from, to, e.step(), 1),
                            (old, x) -> new Edge(old.from(), old.to(), old.step(), old.count() + 1));
                }
            }
        }
        return new LockOrder(List.copyOf(edges.values()));
    }
}
