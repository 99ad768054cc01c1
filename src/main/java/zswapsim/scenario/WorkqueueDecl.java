package zswapsim.scenario;

/**
 * A workqueue of the scenario, as alloc_workqueue(NAME, 0, 0) or, when {@code ordered},
 * alloc_ordered_workqueue(NAME, 0) makes it: its lockdep map is {@code (wq_completion)NAME}.
 */
public record WorkqueueDecl(String name, boolean ordered, SourcePos pos) {
    /** system_wq, which every scenario has: schedule_work() and a bare queue_work: use it. */
    public static final String SYSTEM_WQ = "system_wq";
}
