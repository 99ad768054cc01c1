package zswapsim.scenario;

import java.util.List;
import java.util.Map;

/**
 * A loaded, validated scenario. Immutable; maps keep the file's order so that everything
 * derived from a scenario is deterministic.
 *
 * @param file       the path as the user gave it (used in messages and JSON)
 * @param name       the one-line {@code scenario:} title
 * @param about      the {@code about:} Markdown, or null when the file has none
 * @param zswap      the zswap model's configuration, or null when the scenario has no {@code zswap:}
 * @param rcu        where RCU callbacks run; {@link RcuConfig#SOFTIRQ} unless {@code rcu:} says otherwise
 * @param locks      every lock the ops may name, including the zswap model's own (declared first)
 * @param handlers   each handler's ops, by name in file order
 * @param timers     the {@code timers:}, by name in file order
 * @param tasks      at least one task, in file order
 * @param interrupts possibly none
 * @param expect     never null; both its fields are null (nothing to check) when the file has no {@code expect:}
 * @param lesson     never null; the {@code question:}, {@code hints:} and {@code answer:} of an exercise
 * @param hrtimers   the {@code hrtimers:}, by name in file order
 * @param workqueues the {@code workqueues:} the scenario allocates (system_wq is implicit), in file order
 * @param works      the {@code works:}, by name in file order (a handler named as a work is one too)
 * @param lockdep    the lockdep configuration; {@link LockdepConfig#DEFAULT} unless {@code lockdep:} says otherwise
 * @see ScenarioLoader
 */
public record Scenario(
        String file,
        String name,
        String about,
        int cpus,
        ZswapConfig zswap,
        RcuConfig rcu,
        Map<String, LockDecl> locks,
        Map<String, RefDecl> refs,
        Map<String, List<Op>> handlers,
        Map<String, TimerDecl> timers,
        List<TaskDecl> tasks,
        List<InterruptDecl> interrupts,
        Expect expect,
        Lesson lesson,
        Map<String, HrtimerDecl> hrtimers,
        Map<String, WorkqueueDecl> workqueues,
        Map<String, WorkDecl> works,
        LockdepConfig lockdep) {
}
