package zswapsim.scenario;

/** A refcounted object: a percpu_ref or a kref, with the handler run when it drops to zero. */
public record RefDecl(String name, RefType type, String release, boolean allowReinit, SourcePos pos) {
    public enum RefType { PERCPU_REF, KREF }
}
