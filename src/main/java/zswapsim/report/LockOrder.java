package zswapsim.report;

import java.util.List;
import zswapsim.lockdep.LockDependency;

/**
 * The dependency graph lockdep built during a run (its locks_after edges, by class), for the
 * report's SVG. Lockdep stops adding edges once it has reported, as in the kernel.
 */
public record LockOrder(List<Edge> edges) {

    /** {@code from -> to}, first added at {@code step}. */
    public record Edge(String from, String to, int step, int count) {
    }

    public static LockOrder of(List<LockDependency> dependencies) {
        return new LockOrder(dependencies.stream().map(d -> new Edge(d.from(), d.to(), d.step(), 1)).toList());
    }
}
