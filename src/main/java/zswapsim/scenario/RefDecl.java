package zswapsim.scenario;

/** A refcounted object: a percpu_ref or a kref, with the handler run when it drops to zero. */
public record RefDecl(String name, RefType type, String release, boolean allowReinit, SourcePos pos) {
    /** The spinlock lib/percpu-refcount.c's kill, resurrect, exit and is_zero take: no scenario lock may have its name. */
    public static final String SWITCH_LOCK = "percpu_ref_switch_lock";

    public enum RefType { PERCPU_REF, KREF }
}
