package zswapsim.lockdep;

/** An edge of lockdep's dependency graph: {@code from} was held when {@code to} was taken, first at {@code step}. */
public record LockDependency(String from, String to, int step) {
}
