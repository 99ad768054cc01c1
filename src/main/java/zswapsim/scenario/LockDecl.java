package zswapsim.scenario;

/** A lock instance; {@code lockClass} is its lockdep class (the name unless {@code class:} says otherwise). */
public record LockDecl(String name, LockType type, String lockClass, SourcePos pos) {
}
