package zswapsim.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import zswapsim.lockdep.LockDependency;
import zswapsim.lockdep.LockdepReport;
import zswapsim.sim.RunResult;
import zswapsim.trace.CpuSnapshot;
import zswapsim.trace.TraceEvent;

/**
 * The dependency graph lockdep built during a run (its locks_after edges, by class), for the
 * report's SVG. Lockdep stops adding edges once it has reported, as in the kernel, so the edge a
 * report is about is found in the trace instead: see {@link #reported}.
 */
public record LockOrder(List<Edge> edges) {
    /** The reports that are about a new dependency: the lock being taken against those held. */
    private static final Set<String> ORDER_KINDS = Set.of("circular-locking", "irq-safe-to-unsafe");

    /** {@code from -> to}, first added at {@code step}. */
    public record Edge(String from, String to, int step, int count) {
    }

    public static LockOrder of(List<LockDependency> dependencies) {
        return new LockOrder(dependencies.stream().map(d -> new Edge(d.from(), d.to(), d.step(), 1)).toList());
    }

    /**
     * The edges a dependency report is about: at the report's step a context asks {@code lock:L}
     * for L (a {@code lock_acquire} message) while holding others (its snapshot at that step's
     * step event); of those held locks, the ones L already leads back to close the cycle. Empty
     * for the other kinds of report.
     */
    static List<Edge> reported(RunResult r, LockdepReport report) {
        if (!ORDER_KINDS.contains(report.kind())) {
            return List.of();
        }
        String taken = null;
        int cpu = -1;
        for (TraceEvent e : r.events()) {
            if (e.step() == report.step() && e.isMessage() && e.message().msg().equals("lock_acquire")
                    && e.message().to().startsWith("lock:")) {
                taken = e.message().to().substring("lock:".length());
                cpu = Timeline.cpuOf(e.message().from());
            }
        }
        List<String> held = List.of();
        for (TraceEvent e : r.events()) {
            if (e.step() == report.step() && !e.isMessage() && e.cpu() == cpu && e.snapshot() != null
                    && !e.snapshot().stack().isEmpty()) {
                List<CpuSnapshot.ContextSnapshot> stack = e.snapshot().stack();
                held = stack.get(stack.size() - 1).holds().stream().map(LockOrder::lockName).toList();
                break;
            }
        }
        List<Edge> out = new ArrayList<>();
        List<Edge> closing = new ArrayList<>();
        for (String h : held) {
            if (!h.equals(taken)) {
                Edge edge = new Edge(h, taken, report.step(), 1);
                out.add(edge);
                if (reaches(r.dependencies(), taken, h)) {
                    closing.add(edge);
                }
            }
        }
        return closing.isEmpty() ? out : closing;
    }

    /** A held lock as the snapshot lists it ("R (read)") without its mode. */
    private static String lockName(String held) {
        int mode = held.indexOf(" (");
        return mode < 0 ? held : held.substring(0, mode);
    }

    private static boolean reaches(List<LockDependency> deps, String from, String to) {
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (n.equals(to)) {
                return true;
            }
            if (seen.add(n)) {
                deps.stream().filter(d -> d.from().equals(n)).forEach(d -> todo.push(d.to()));
            }
        }
        return false;
    }
}
