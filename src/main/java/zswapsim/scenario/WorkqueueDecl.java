package zswapsim.scenario;

/**
 * A workqueue of the scenario, as alloc_workqueue(NAME, 0, 0), with {@code unbound}
 * alloc_workqueue(NAME, WQ_UNBOUND, 0), or, when {@code ordered}, alloc_ordered_workqueue(NAME, 0)
 * makes it (which is WQ_UNBOUND too, so {@code unbound} then): its lockdep map is {@code (wq_completion)NAME}.
 */
public record WorkqueueDecl(String name, boolean ordered, boolean unbound, SourcePos pos) {
    /** system_wq, which every scenario has: schedule_work() and a bare queue_work: use it. */
    public static final String SYSTEM_WQ = "system_wq";
}
