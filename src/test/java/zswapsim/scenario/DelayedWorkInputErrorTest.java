package zswapsim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static zswapsim.scenario.InputErrors.assertError;

import org.junit.jupiter.api.Test;

/**
 * Bad input for delayed work: the delayed ops take a work declared {@code delayed: true} (the
 * kernel's {@code struct delayed_work *}), the work_struct ops refuse one, and each error names
 * file:line:col.
 */
class DelayedWorkInputErrorTest {
    private static final String FILE = "scenarios/x.yaml";
    private static final String HEADER = """
            scenario: bad
            cpus: 1
            handlers:
              h: [ { note: h } ]
            workqueues:
              wq: {}
            works:
              plain: { function: h }
              dw: { function: h, delayed: true }
            tasks:
              - cpu: 0
                run:
            """;


    /** Every delayed op accepts a delayed work, and delayed: true is kept in the declaration. */
    @Test
    void delayedOps_onADelayedWork_areAccepted() {
        Scenario s = ScenarioLoader.parse(FILE, HEADER + """
                      - queue_delayed_work: { wq: wq, work: dw }
                      - schedule_delayed_work: dw
                      - mod_delayed_work: { wq: system_wq, work: dw }
                      - cancel_delayed_work: dw
                      - flush_delayed_work: dw
                      - cancel_delayed_work_sync: dw
                """);
        assertThat(s.works().get("dw").delayed()).isTrue();
        assertThat(s.works().get("plain").delayed()).isFalse();
        assertThat(s.works().get("dw").workMap()).isEqualTo("(work_completion)(&(&dw)->work)");
        assertThat(s.works().get("dw").timerMap()).isEqualTo("&(&dw)->timer");
    }

    /** An unknown name: the delayed works are listed. */
    @Test
    void delayedOp_unknownWork_isRejected() {
        assertError(HEADER + "      - cancel_delayed_work_sync: nope\n", "scenarios/x.yaml:13:35: ",
                "unknown delayed work 'nope' (declared: dw)");
        assertError(HEADER + "      - queue_delayed_work: { wq: nope, work: dw }\n", "scenarios/x.yaml:13:35: ",
                "unknown workqueue 'nope'");
    }

    /** queue_delayed_work takes {wq, work}; the one-name ops take a name, not a list or a mapping. */
    @Test
    void delayedOp_wrongArgumentShape_isRejected() {
        assertError(HEADER + "      - queue_delayed_work: dw\n", "scenarios/x.yaml:13:29: ",
                "queue_delayed_work needs a mapping {wq: WORKQUEUE, work: DELAYED_WORK}, found 'dw'"
                        + " (schedule_delayed_work: WORK queues on system_wq)");
        assertError(HEADER + "      - mod_delayed_work: { work: dw }\n", "scenarios/x.yaml:13:27: ", "wq");
        assertError(HEADER + "      - flush_delayed_work: [dw]\n", "scenarios/x.yaml:13:29: ",
                "flush_delayed_work needs a delayed work name (declared with delayed: true)");
        assertError(HEADER + "      - cancel_delayed_work\n", "scenarios/x.yaml:13:9: ", "cancel_delayed_work needs a delayed work name");
    }

    /** A delayed op on a work_struct: the kernel's prototypes take struct delayed_work *. */
    @Test
    void delayedOp_onAPlainWorkOrHandler_isRejected() {
        assertError(HEADER + "      - cancel_delayed_work_sync: plain\n", "scenarios/x.yaml:13:35: ",
                "cancel_delayed_work_sync takes a struct delayed_work *, 'plain' is a work_struct: declare it in works: with delayed: true");
        assertError(HEADER + "      - schedule_delayed_work: h\n", "scenarios/x.yaml:13:32: ",
                "'h' is a work_struct (a handler named as a work)");
    }

    /** A work_struct op on a delayed work does not compile in C either: the error names the delayed op to use. */
    @Test
    void workOp_onADelayedWork_isRejectedWithTheDelayedTwin() {
        assertError(HEADER + "      - cancel_work_sync: dw\n", "scenarios/x.yaml:13:27: ",
                "cancel_work_sync takes a struct work_struct *, 'dw' is a delayed work (struct delayed_work, declared with"
                        + " delayed: true): use cancel_delayed_work_sync");
        assertError(HEADER + "      - flush_work: dw\n", "scenarios/x.yaml:13:21: ", "use flush_delayed_work");
        assertError(HEADER + "      - queue_work: { wq: wq, work: dw }\n", "scenarios/x.yaml:13:37: ", "use queue_delayed_work");
        assertError(HEADER + "      - schedule_work: dw\n", "scenarios/x.yaml:13:24: ", "use schedule_delayed_work");
    }

    /** delayed: is a boolean, and only in the mapping form. */
    @Test
    void delayedKey_notABoolean_isRejected() {
        assertError(HEADER.replace("delayed: true", "delayed: yes please") + "      - note: x\n", "scenarios/x.yaml:9:31: ",
                "works.dw.delayed");
    }
}
