package zswapsim.scenario;

/**
 * A {@code struct work_struct} of the scenario, INIT_WORK(&lockdepName, function): its lockdep
 * map is {@code (work_completion)(lockdepName)}, {@code lockdepName} being the work expression as
 * written ({@code &NAME} unless the file says otherwise, e.g. {@code &svm_bo->eviction_work}).
 *
 * <p>With {@code delayed} it is a {@code struct delayed_work}, INIT_DELAYED_WORK(lockdepName, function):
 * a work_struct {@code work} whose map is {@code (work_completion)(&(lockdepName)->work)}, and a
 * TIMER_IRQSAFE timer {@code timer} running delayed_work_timer_fn(), whose map is
 * {@code &(lockdepName)->timer} (__init_timer() stringifies {@code &(_work)->timer}).
 */
public record WorkDecl(String name, String function, String lockdepName, boolean delayed, SourcePos pos) {

    /** The lockdep map name INIT_WORK() gives the work_struct: of the delayed_work's {@code ->work} member for a delayed work. */
    public String workMap() {
        return "(work_completion)(" + (delayed ? "&(" + lockdepName + ")->work" : lockdepName) + ")";
    }

    /** The lockdep map name of a delayed work's timer; null for a plain work. */
    public String timerMap() {
        return delayed ? "&(" + lockdepName + ")->timer" : null;
    }
}
