package zswapsim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static zswapsim.scenario.InputErrors.assertError;

import org.junit.jupiter.api.Test;

/**
 * Bad input for tasklets, task_work, threaded irqs, kmalloc/fs_reclaim, might_sleep,
 * lockdep_assert_held and softirq vectors: each error names file:line:col and the field.
 */
class DeferredWorkInputErrorTest {
    private static final String FILE = "scenarios/x.yaml";
    private static final String HEADER = """
            scenario: bad
            cpus: 2
            locks: { A: spinlock, M: mutex }
            handlers:
              h: [ { note: h } ]
              t: [ { note: t } ]
            tasks:
              - cpu: 0
                run:
            """;

    private static final String WITH_OPS = HEADER + "      - note: x\n";


    /** tasklet_schedule and task_work_add take a declared handler, written as a one-key mapping. */
    @Test
    void taskletAndTaskWork_unknownHandlerOrBareWord_areRejected() {
        assertError(HEADER + "      - tasklet_schedule: hh\n", "scenarios/x.yaml:10:27: ", "unknown handler 'hh' (declared: h, t)");
        assertError(HEADER + "      - task_work_add: x\n", "scenarios/x.yaml:10:24: ", "unknown handler 'x'");
        assertError(HEADER + "      - tasklet_schedule\n", "scenarios/x.yaml:10:9: ", "tasklet_schedule needs a handler name");
    }

    /** kmalloc and fs_reclaim_* take one of the three GFP flags, spelt as the kernel spells them. */
    @Test
    void kmalloc_unknownOrMissingGfpFlag_isRejected() {
        assertError(HEADER + "      - kmalloc: GFP_KERNL\n", "scenarios/x.yaml:10:18: ",
                "unknown GFP flag 'GFP_KERNL' (did you mean 'GFP_KERNEL'?)");
        assertError(HEADER + "      - fs_reclaim_acquire: [GFP_KERNEL]\n", "scenarios/x.yaml:10:29: ",
                "GFP flag (expected one of: GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT)");
        assertError(HEADER + "      - kmalloc\n", "scenarios/x.yaml:10:9: ", "kmalloc needs GFP_KERNEL, GFP_ATOMIC or GFP_NOWAIT");
    }

    /** might_sleep takes nothing; lockdep_assert_held a declared lock of any type. */
    @Test
    void mightSleepAndAssertHeld_badArguments_areRejected() {
        assertError(HEADER + "      - might_sleep: A\n", "scenarios/x.yaml:10:22: ", "might_sleep takes no argument");
        assertError(HEADER + "      - lockdep_assert_held: B\n", "scenarios/x.yaml:10:30: ", "unknown lock 'B' (declared: A, M)");
        assertThat(ScenarioLoader.parse(FILE, HEADER + "      - lockdep_assert_held: M\n").tasks()).hasSize(1);
    }

    /** thread: goes with hardirq: only, and names a declared handler. */
    @Test
    void threadedIrq_threadWithSoftirqOrUnknownHandler_isRejected() {
        assertError(WITH_OPS + "interrupts:\n  - softirq: h\n    thread: t\n", "scenarios/x.yaml:13:5: ",
                "interrupts[0].thread: thread: is a threaded irq's thread function; it goes with hardirq:");
        assertError(WITH_OPS + "interrupts:\n  - hardirq: h\n    thread: tt\n", "scenarios/x.yaml:13:13: ",
                "interrupts[0].thread: unknown handler 'tt'");
        Scenario ok = ScenarioLoader.parse(FILE, WITH_OPS + "interrupts:\n  - hardirq: h\n    thread: t\n");
        assertThat(ok.interrupts().get(0).thread()).isEqualTo("t");
    }

    /** vector: is one of the kernel's ten names, only on a softirq, one handler per vector. */
    @Test
    void softirqVector_unknownNameHardirqOrTaken_isRejected() {
        assertError(WITH_OPS + "interrupts:\n  - softirq: h\n    vector: NET_RXX\n", "scenarios/x.yaml:13:13: ",
                "interrupts[0].vector: unknown softirq vector 'NET_RXX' (did you mean 'NET_RX'?)");
        assertError(WITH_OPS + "interrupts:\n  - hardirq: h\n    vector: NET_RX\n", "scenarios/x.yaml:13:5: ",
                "interrupts[0].vector: vector: names a softirq's vector; a hardirq has none");
        assertError(WITH_OPS + "interrupts:\n  - softirq: h\n    vector: RCU\n", "scenarios/x.yaml:12:5: ",
                "vector RCU already runs RCU callbacks (rcu_core)");
        assertError(WITH_OPS + "interrupts:\n  - softirq: h\n    vector: BLOCK\n  - softirq: t\n    vector: BLOCK\n",
                "scenarios/x.yaml:14:5: ", "vector BLOCK already runs handler 'h'");
        assertError(WITH_OPS + "interrupts:\n  - softirq: h\n    vector: BLOCK\n  - softirq: h\n    vector: SCHED\n",
                "scenarios/x.yaml:14:5: ", "softirq handler 'h' is already on vector BLOCK");
    }

    /** The kernel has ten softirq vectors; RCU_SOFTIRQ is always the model's, so a tenth handler is one too many. */
    @Test
    void softirqVectors_moreThanTen_isRejectedAtTheEleventh() {
        StringBuilder yaml = new StringBuilder("scenario: many\ncpus: 1\nhandlers:\n");
        for (int i = 0; i < 10; i++) {
            yaml.append("  s").append(i).append(": [ { note: s } ]\n");
        }
        yaml.append("tasks:\n  - cpu: 0\n    run:\n");
        for (int i = 0; i < 10; i++) {
            yaml.append("      - raise_softirq: s").append(i).append('\n');
        }
        assertError(yaml.toString(), "scenarios/x.yaml:26:9: ",
                "softirq handler 's9' needs an eleventh softirq vector: the kernel has 10 (HI, TIMER, NET_TX, NET_RX,"
                        + " BLOCK, IRQ_POLL, TASKLET, SCHED, HRTIMER, RCU)");
        String nine = yaml.toString().replace("      - raise_softirq: s9\n", "");
        assertThat(SoftirqVectors.assign(ScenarioLoader.parse(FILE, nine))).hasSize(9);
    }

    /** Each CPU's tasklet list is a 64-bit mask: a 65th tasklet is refused at its tasklet_schedule. */
    @Test
    void tasklets_moreThanSixtyFour_isRejectedAtThe65th() {
        StringBuilder yaml = new StringBuilder("scenario: many\ncpus: 1\nhandlers:\n");
        for (int i = 0; i < 65; i++) {
            yaml.append("  t").append(i).append(": [ { note: t } ]\n");
        }
        yaml.append("tasks:\n  - cpu: 0\n    run:\n");
        for (int i = 0; i < 65; i++) {
            yaml.append("      - tasklet_schedule: t").append(i).append('\n');
        }
        assertError(yaml.toString(), "scenarios/x.yaml:136:27: ", "more than 64 tasklets");
    }
}
