package zswapsim.scenario;

/**
 * A {@code struct work_struct} of the scenario, INIT_WORK(&lockdepName, function): its lockdep
 * map is {@code (work_completion)(lockdepName)}, {@code lockdepName} being the work expression as
 * written ({@code &NAME} unless the file says otherwise, e.g. {@code &svm_bo->eviction_work}).
 */
public record WorkDecl(String name, String function, String lockdepName, SourcePos pos) {
}
