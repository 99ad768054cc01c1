package zswapsim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid scenarios: the values {@link ScenarioLoader} produces, their defaults and their order. */
class ScenarioLoaderTest {

    private static final String FILE = "scenarios/x.yaml";

    /** The SCENARIO-FORMAT.md example, made valid (A declared, a CPU-1 task), with an inline softirq added. */
    private static final String FULL = """
            scenario: zswap pool released from an RCU callback, before the hotfix   # required, one line
            about: |
              `__zswap_param_set()` takes zswap_pools_lock with plain spin_lock() ...
            cpus: 2

            zswap:
              variant: percpu_ref
              compressor: lzo

            rcu:
              callbacks: offloaded

            locks:
              A: spinlock
              X1: { type: spinlock, class: X }
              X2: { type: spinlock, class: X }
              M: mutex

            refs:
              obj: { type: percpu_ref, release: obj_release, flags: [allow_reinit] }

            handlers:
              obj_release:
                - spin_lock: A
                - spin_unlock: A

            tasks:
              - name: sysfs-writer
                cpu: 0
                run:
                  - zswap_param_set: zstd
                  - zswap_param_set: lzo
              - cpu: 1
                run:
                  - zswap_store: 2
                  - zswap_entry_free: 1
                  - local_bh_disable
                  - in_softirq: [spin_lock: X1, spin_unlock: X1]
                  - local_bh_enable:
                  - percpu_ref_put: obj
                  - note: done

            interrupts:
              - softirq: obj_release
                cpus: [0]
                times: 1
              - hardirq: obj_release

            expect:
              deadlock: possible
              lockdep: [sleep-in-atomic, inconsistent-lock-state, sleep-in-atomic]
            """;

    /** Every section of the format's example comes out with the file's values and positions. */
    @Test
    void parse_fullExample_readsEveryValue() {
        Scenario s = ScenarioLoader.parse(FILE, FULL);

        assertThat(s.file()).isEqualTo(FILE);
        assertThat(s.name()).isEqualTo("zswap pool released from an RCU callback, before the hotfix");
        assertThat(s.about()).startsWith("`__zswap_param_set()` takes zswap_pools_lock");
        assertThat(s.cpus()).isEqualTo(2);
        assertThat(s.zswap()).isEqualTo(new ZswapConfig(ZswapConfig.Variant.PERCPU_REF, "lzo", pos(6, 1)));
        assertThat(s.rcu()).isEqualTo(RcuConfig.OFFLOADED);

        assertThat(s.locks().keySet()).containsExactly(
                "zswap_pools_lock", "zswap_tree_lock", "zswap_init_lock", "param_lock", "A", "X1", "X2", "M");
        assertThat(s.locks().get("zswap_tree_lock"))
                .isEqualTo(new LockDecl("zswap_tree_lock", LockType.SPINLOCK, "&tree->lock", pos(6, 1)));
        assertThat(s.locks().get("A")).isEqualTo(new LockDecl("A", LockType.SPINLOCK, "A", pos(14, 3)));
        assertThat(s.locks().get("X2")).isEqualTo(new LockDecl("X2", LockType.SPINLOCK, "X", pos(16, 3)));
        assertThat(s.locks().get("M").type()).isEqualTo(LockType.MUTEX);

        assertThat(s.refs()).containsOnlyKeys("obj");
        assertThat(s.refs().get("obj"))
                .isEqualTo(new RefDecl("obj", RefDecl.RefType.PERCPU_REF, "obj_release", true, pos(20, 3)));

        assertThat(s.handlers()).containsOnlyKeys("obj_release");
        assertThat(s.handlers().get("obj_release")).containsExactly(
                new Op(OpKind.SPIN_LOCK, "A", 1, List.of(), pos(24, 7)),
                new Op(OpKind.SPIN_UNLOCK, "A", 1, List.of(), pos(25, 7)));

        assertThat(s.tasks()).hasSize(2);
        TaskDecl writer = s.tasks().get(0);
        assertThat(writer.name()).isEqualTo("sysfs-writer");
        assertThat(writer.cpu()).isZero();
        assertThat(writer.run()).extracting(Op::describe)
                .containsExactly("zswap_param_set(zstd)", "zswap_param_set(lzo)");
        TaskDecl second = s.tasks().get(1);
        assertThat(second.name()).isEqualTo("task1");
        assertThat(second.cpu()).isEqualTo(1);
        assertThat(second.run()).extracting(Op::kind).containsExactly(
                OpKind.ZSWAP_STORE, OpKind.ZSWAP_ENTRY_FREE, OpKind.LOCAL_BH_DISABLE, OpKind.IN_SOFTIRQ,
                OpKind.LOCAL_BH_ENABLE, OpKind.PERCPU_REF_PUT, OpKind.NOTE);
        assertThat(second.run().get(0)).isEqualTo(new Op(OpKind.ZSWAP_STORE, null, 2, List.of(), pos(35, 9)));
        assertThat(second.run().get(2)).isEqualTo(new Op(OpKind.LOCAL_BH_DISABLE, null, 1, List.of(), pos(37, 9)));
        assertThat(second.run().get(3).body()).containsExactly(
                new Op(OpKind.SPIN_LOCK, "X1", 1, List.of(), pos(38, 22)),
                new Op(OpKind.SPIN_UNLOCK, "X1", 1, List.of(), pos(38, 37)));
        assertThat(second.run().get(6).name()).isEqualTo("done");

        assertThat(s.interrupts()).containsExactly(
                new InterruptDecl(InterruptDecl.Kind.SOFTIRQ, "obj_release", List.of(0), 1, pos(44, 5)),
                new InterruptDecl(InterruptDecl.Kind.HARDIRQ, "obj_release", List.of(0, 1), 1, pos(47, 5)));

        assertThat(s.expect()).isEqualTo(new Expect(
                "possible", List.of("inconsistent-lock-state", "sleep-in-atomic"), pos(49, 1)));
    }

    /** Optional sections left out take the documented defaults, and nothing is expected. */
    /** hrtimers:, workqueues: and works: with their defaults: mode hard, not ordered nor unbound (ordered implies unbound), lockdep_name &NAME; a work may be just its handler. */
    @Test
    void parse_hrtimersWorkqueuesWorks_readsValuesAndDefaults() {
        Scenario s = ScenarioLoader.parse(FILE, """
                scenario: contexts
                cpus: 1
                handlers: { fn: [] }
                hrtimers:
                  a: { function: fn }
                  b: { function: fn, mode: soft }
                workqueues:
                  plain:
                  owq: { ordered: true }
                  uwq: { unbound: true }
                works:
                  w: fn
                  e: { function: fn, lockdep_name: "&svm_bo->eviction_work" }
                tasks:
                  - cpu: 0
                    run: [ { queue_work: { wq: owq, work: e } }, { queue_work: fn }, { cancel_work_sync: w } ]
                """);
        assertThat(s.hrtimers().values()).extracting(HrtimerDecl::name, HrtimerDecl::mode)
                .containsExactly(tuple("a", HrtimerDecl.Mode.HARD), tuple("b", HrtimerDecl.Mode.SOFT));
        assertThat(s.workqueues().values()).extracting(WorkqueueDecl::name, WorkqueueDecl::ordered, WorkqueueDecl::unbound)
                .containsExactly(tuple("plain", false, false), tuple("owq", true, true), tuple("uwq", false, true));
        assertThat(s.works().values()).extracting(WorkDecl::name, WorkDecl::function, WorkDecl::lockdepName)
                .containsExactly(tuple("w", "fn", "&w"), tuple("e", "fn", "&svm_bo->eviction_work"));
        assertThat(s.tasks().get(0).run()).extracting(Op::wq, Op::name)
                .containsExactly(tuple("owq", "e"), tuple("system_wq", "fn"), tuple(null, "w"));
    }

    /** timers: pinned: true is timer_setup()'s TIMER_PINNED; left out, a timer is not pinned. */
    @Test
    void parse_timers_pinnedDefaultsToFalse() {
        Scenario s = ScenarioLoader.parse(FILE, """
                scenario: timers
                cpus: 2
                handlers: { fn: [] }
                timers:
                  wd: { function: fn }
                  poll: { function: fn, pinned: true }
                  slow: { function: fn, pinned: false }
                tasks:
                  - cpu: 0
                    run: [ { mod_timer: wd } ]
                """);
        assertThat(s.timers().values()).extracting(TimerDecl::name, TimerDecl::pinned)
                .containsExactly(tuple("wd", false), tuple("poll", true), tuple("slow", false));
    }

    @Test
    void parse_minimalScenario_takesDefaults() {
        Scenario s = ScenarioLoader.parse(FILE, """
                scenario: minimal
                cpus: 1
                zswap: { variant: kref }
                tasks:
                  - cpu: 0
                    run: []
                """);

        assertThat(s.about()).isNull();
        assertThat(s.zswap().compressor()).isEqualTo("lzo");
        assertThat(s.rcu()).isEqualTo(RcuConfig.SOFTIRQ);
        assertThat(s.locks().keySet()).containsExactly("zswap_pools_lock", "zswap_tree_lock", "zswap_init_lock", "param_lock");
        assertThat(s.refs()).isEmpty();
        assertThat(s.handlers()).isEmpty();
        assertThat(s.interrupts()).isEmpty();
        assertThat(s.tasks().get(0).name()).isEqualTo("task0");
        assertThat(s.tasks().get(0).run()).isEmpty();
        assertThat(s.expect().deadlock()).isNull();
        assertThat(s.expect().lockdep()).isNull();
    }

    /** {@code lockdep: []} means "no report", which differs from leaving lockdep out. */
    @Test
    void parse_emptyLockdepList_expectsNoReports() {
        Scenario s = ScenarioLoader.parse(FILE, """
                scenario: quiet
                cpus: 1
                tasks: [{cpu: 0, run: [preempt_disable, preempt_enable]}]
                expect: { deadlock: never, lockdep: [] }
                """);

        assertThat(s.expect().deadlock()).isEqualTo("never");
        assertThat(s.expect().lockdep()).isNotNull().isEmpty();
    }

    /** What the loader hands out cannot be changed by its users. */
    @Test
    void parse_validScenario_returnsUnmodifiableCollections() {
        Scenario s = ScenarioLoader.parse(FILE, FULL);

        assertThatThrownBy(() -> s.locks().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.handlers().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.tasks().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.tasks().get(1).run().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.expect().lockdep().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    /** load() reads the file and names it in positions as the caller gave the path. */
    @Test
    void load_fileOnDisk_usesPathInPositions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, FULL);

        Scenario s = ScenarioLoader.load(file);

        assertThat(s.file()).isEqualTo(file.toString());
        assertThat(s.locks().get("A").pos()).isEqualTo(new SourcePos(file.toString(), 14, 3));
    }

    private static SourcePos pos(int line, int column) {
        return new SourcePos(FILE, line, column);
    }
}
