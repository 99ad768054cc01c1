package zswapsim.explore;

import zswapsim.sim.RunResult;
import zswapsim.sim.RunLoop;
import zswapsim.sim.ReplayScheduler;
import zswapsim.sim.SeededScheduler;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import zswapsim.kernel.Kernel;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioLoader;

/** The exhaustive checker: verdicts, shortest counterexamples, bounds, and the reduction's soundness. */
class CheckerTest {
    static Stream<Path> bundled() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("scenarios"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    private static CheckResult check(Scenario s, boolean reduction) {
        return new Checker(Kernel.of(s), reduction ? CheckOptions.defaults() : CheckOptions.defaults().unreduced(), null).check();
    }

    /** Turning the partial-order reduction off changes no verdict on any bundled scenario. */
    @ParameterizedTest
    @MethodSource("bundled")
    void check_withAndWithoutReduction_sameVerdicts(Path file) {
        Scenario s = ScenarioLoader.load(file);
        CheckResult reduced = check(s, true);
        CheckResult full = check(s, false);
        assertThat(full.deadlockVerdict()).isEqualTo(reduced.deadlockVerdict());
        assertThat(full.lockdepKinds()).isEqualTo(reduced.lockdepKinds());
        assertThat(full.counterexample().isEmpty()).isEqualTo(reduced.counterexample().isEmpty());
        assertThat(reduced.states()).isLessThanOrEqualTo(full.states());
    }

    /**
     * A CPU that nothing else can reach while it runs CPU-local code (notes, msleep(), switches
     * between its own tasks) moves alone: fewer states, the same verdicts.
     */
    @Test
    void partialOrder_quietCpuRunningLocalCode_movesAlone() {
        String yaml = """
                scenario: CPU1 runs only CPU-local code between preemption points
                cpus: 2
                locks: { A: spinlock }
                tasks:
                  - { name: locker, cpu: 0, run: [ { spin_lock: A }, { note: a }, { spin_unlock: A }, { spin_lock: A }, { spin_unlock: A } ] }
                  - { name: local1, cpu: 1, run: [ { note: b }, { note: c }, { msleep: 1 }, { note: d } ] }
                  - { name: local2, cpu: 1, run: [ { note: e }, { note: f } ] }
                """;
        Kernel k = Kernel.of(ScenarioLoader.parse("local.yaml", yaml));
        CheckResult reduced = new Checker(k, CheckOptions.defaults(), null).check();
        CheckResult full = new Checker(k, CheckOptions.defaults().withLocalSteps(false), null).check();
        assertThat(reduced.states()).isLessThan(full.states() * 3 / 4);
        assertThat(reduced.deadlockVerdict()).isEqualTo(full.deadlockVerdict()).isEqualTo("never");
        assertThat(reduced.lockdepKinds()).isEqualTo(full.lockdepKinds()).isEmpty();
    }

    /**
     * Sleep sets: on the generated 2-CPU zswap workload, a move asleep in a state (taken from an
     * ancestor, commuting with every move since) is not taken again: fewer transitions, no more
     * states, the same verdicts.
     */
    @Test
    void sleepSets_generatedWorkload_fewerTransitionsSameVerdicts() {
        Kernel k = Kernel.of(ScenarioLoader.parse("gen2.yaml", ScenarioGenerator.zswap(2, "percpu_ref_bh")));
        CheckResult sleeping = new Checker(k, CheckOptions.defaults().withSleepSets(true), null).check();
        CheckResult awake = new Checker(k, CheckOptions.defaults(), null).check();
        assertThat(sleeping.transitions()).isLessThan(awake.transitions());
        assertThat(sleeping.states()).isLessThanOrEqualTo(awake.states());
        assertThat(sleeping.complete()).isTrue();
        assertThat(sleeping.deadlockVerdict()).isEqualTo(awake.deadlockVerdict()).isEqualTo("never");
        assertThat(sleeping.lockdepKinds()).isEqualTo(awake.lockdepKinds()).isEmpty();
    }

    /** The shortest counterexample of the pre-fix zswap replays, move by move, to the same self deadlock. */
    @Test
    void counterexample_percpuRef_replaysToSelfDeadlock() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/zswap/percpu-ref.yaml"));
        CheckResult r = check(s, true);
        assertThat(r.deadlockVerdict()).isEqualTo("possible");
        RunResult replay = new RunLoop(Kernel.of(s), new ReplayScheduler("cex", r.counterexample(),
                new SeededScheduler(1)), 1, 10_000, false).runToEnd();
        assertThat(replay.outcome()).isEqualTo(zswapsim.sim.Outcome.DEADLOCK);
        assertThat(replay.steps()).isEqualTo(r.counterexample().size());
        assertThat(replay.deadlock().kind().text()).isEqualTo("self");
        assertThat(replay.deadlock().locks()).containsExactly("zswap_pools_lock");
    }

    private static final String THREE_WORKERS = """
            scenario: three CPUs run one task's copies
            cpus: 3
            locks: { A: spinlock, B: spinlock }
            tasks:
              - { name: w0, cpu: 0, run: [ { spin_lock: A }, { spin_lock: B }, { spin_unlock: B }, { spin_unlock: A } ] }
              - { name: w1, cpu: 1, run: [ { spin_lock: A }, { spin_lock: B }, { spin_unlock: B }, { spin_unlock: A } ] }
              - { name: w2, cpu: 2, run: [ { spin_lock: A }, { spin_lock: B }, { spin_unlock: B }, { spin_unlock: A } ] }
            """;

    /** Three interchangeable CPUs: symmetry merges renamings, so fewer states, and the same verdicts. */
    @Test
    void symmetry_interchangeableCpus_fewerStatesSameVerdicts() {
        Kernel k = Kernel.of(ScenarioLoader.parse("three.yaml", THREE_WORKERS));
        CheckOptions noPor = CheckOptions.defaults().withLocalSteps(false);
        CheckResult sym = new Checker(k, noPor, null).check();
        CheckResult plain = new Checker(k, noPor.withSymmetry(false), null).check();
        assertThat(k.symmetry(k.initialState()).groupSizes()).containsExactly(3);
        assertThat(sym.states()).isLessThan(plain.states() / 2);
        assertThat(sym.deadlockVerdict()).isEqualTo(plain.deadlockVerdict()).isEqualTo("never");
        assertThat(sym.lockdepKinds()).isEqualTo(plain.lockdepKinds());
    }

    /**
     * Two interchangeable CPUs whose tasks raise a softirq from task context: each CPU's ksoftirqd/N
     * wakes and is renamed with its CPU; symmetry merges the renamings and keeps the verdicts (the
     * softirq takes A, which the tasks take with softirqs on: inconsistent lock state, and a self
     * deadlock when the irq exit runs it on top of the task holding A).
     */
    @Test
    void symmetry_ksoftirqdOnInterchangeableCpus_fewerStatesSameVerdicts() {
        String yaml = """
                scenario: two CPUs raise a softirq from task context
                cpus: 2
                locks: { A: spinlock }
                handlers: { rx: [ { spin_lock: A }, { spin_unlock: A } ] }
                tasks:
                  - { name: w0, cpu: 0, run: [ { raise_softirq: rx }, { spin_lock: A }, { spin_unlock: A } ] }
                  - { name: w1, cpu: 1, run: [ { raise_softirq: rx }, { spin_lock: A }, { spin_unlock: A } ] }
                """;
        Kernel k = Kernel.of(ScenarioLoader.parse("ksoftirqd.yaml", yaml));
        CheckOptions noPor = CheckOptions.defaults().withLocalSteps(false);
        CheckResult sym = new Checker(k, noPor, null).check();
        CheckResult plain = new Checker(k, noPor.withSymmetry(false), null).check();
        CheckResult reduced = new Checker(k, CheckOptions.defaults(), null).check();
        assertThat(k.symmetry(k.initialState()).groupSizes()).containsExactly(2);
        assertThat(sym.states()).isLessThan(plain.states());
        assertThat(sym.deadlockVerdict()).isEqualTo(plain.deadlockVerdict()).isEqualTo(reduced.deadlockVerdict())
                .isEqualTo("possible");
        assertThat(sym.lockdepKinds()).isEqualTo(plain.lockdepKinds()).isEqualTo(reduced.lockdepKinds())
                .containsExactly("inconsistent-lock-state");
    }

    /** A CPU whose task runs other code, or that an interrupt source covers alone, is not interchangeable. */
    @Test
    void symmetry_differentCodeOrInterrupts_noGroup() {
        String otherCode = THREE_WORKERS.replace("w2, cpu: 2, run: [ { spin_lock: A }", "w2, cpu: 2, run: [ { spin_lock: B }");
        Kernel k = Kernel.of(ScenarioLoader.parse("other.yaml", otherCode));
        assertThat(k.symmetry(k.initialState()).groupSizes()).containsExactly(2);
        String irq = THREE_WORKERS.replace("tasks:", "handlers: { h: [ { note: n } ] }\ntasks:")
                + "interrupts:\n  - { hardirq: h, cpus: [1] }\n";
        Kernel k2 = Kernel.of(ScenarioLoader.parse("irq.yaml", irq));
        assertThat(k2.symmetry(k2.initialState()).groupSizes()).containsExactly(2);
    }

    /** One worker or two, the search is the same: counts, verdicts, the counterexample move by move. */
    @ParameterizedTest
    @MethodSource("bundled")
    void workers_oneOrTwo_identicalResults(Path file) {
        if (!file.toString().contains("zswap/")) {
            return;     // the zswap scenarios have levels wide enough to be split between workers
        }
        Kernel k = Kernel.of(ScenarioLoader.load(file));
        CheckResult one = new Checker(k, CheckOptions.defaults().withWorkers(1), null).check();
        CheckResult two = new Checker(k, CheckOptions.defaults().withWorkers(2), null).check();
        assertThat(two.states()).isEqualTo(one.states());
        assertThat(two.transitions()).isEqualTo(one.transitions());
        assertThat(two.schedules()).isEqualTo(one.schedules());
        assertThat(two.counterexample()).isEqualTo(one.counterexample());
        assertThat(two.lockdepKinds()).isEqualTo(one.lockdepKinds());
    }

    /** A search cut by --max-states is incomplete and never claims "never". */
    @Test
    void check_cutByMaxStates_isIncompleteAndUnknown() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/zswap/percpu-ref-bh-fix.yaml"));
        CheckResult r = new Checker(Kernel.of(s), CheckOptions.defaults().withMaxStates(100), null).check();
        assertThat(r.complete()).isFalse();
        assertThat(r.cutBy()).isEqualTo(CutReason.MAX_STATES);
        assertThat(r.deadlockVerdict()).isEqualTo("unknown");
    }

    /** A search cut by --max-depth is incomplete too. */
    @Test
    void check_cutByMaxDepth_isIncomplete() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/zswap/kref.yaml"));
        CheckResult r = new Checker(Kernel.of(s), CheckOptions.defaults().withMaxStates(2_000_000).withMaxDepth(5), null).check();
        assertThat(r.complete()).isFalse();
        assertThat(r.cutBy()).isEqualTo(CutReason.MAX_DEPTH);
    }
}
