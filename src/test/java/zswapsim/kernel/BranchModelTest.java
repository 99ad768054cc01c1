package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import zswapsim.trace.TraceEvent;

/** if: with then/else: the condition's value comes back from the lock, the ref or the CPU and picks the ops. */
class BranchModelTest {

    private static List<String> notes(Harness h) {
        return h.events.stream().map(TraceEvent::text).filter(t -> t.startsWith("note: ")).map(t -> t.substring(6)).toList();
    }

    private static final String TRYLOCK = """
            scenario: trylock branch
            cpus: 2
            locks: { A: spinlock }
            tasks:
              - cpu: 0
                run:
                  - spin_lock: A
                  - note: held
                  - spin_unlock: A
              - cpu: 1
                run:
                  - if: { spin_trylock: A }
                    then:
                      - note: got it
                      - spin_unlock: A
                    else:
                      - note: busy
                  - note: after
            """;

    /** A trylock that fails takes the else: ops, with its preempt_disable() undone. */
    @Test
    void ifSpinTrylock_lockHeld_runsElse() {
        Harness h = new Harness(TRYLOCK).play("s0 s1");
        assertThat(h.cpu(1).preempt).isZero();
        h.play("s1 s1");
        assertThat(notes(h)).containsExactly("busy", "after");
        assertThat(h.top(1).skipUntilUnlock).isEqualTo(-1);
    }

    /** A trylock that succeeds runs the then: ops and jumps over the else: ops. */
    @Test
    void ifSpinTrylock_lockFree_runsThenAndSkipsElse() {
        Harness h = new Harness(TRYLOCK).play("s1 s1 s1 s1 s1");
        assertThat(notes(h)).containsExactly("got it", "after");
        assertThat(h.holds("A")).isFalse();
    }

    /** spin_trylock_bh: the failure enables BH again; spin_trylock_irqsave: it restores the irq state. */
    @Test
    void ifTrylockBhAndIrqsave_fail_undoWhatTheyDisabled() {
        Harness h = new Harness("""
                scenario: trylock variants
                cpus: 2
                locks: { A: spinlock }
                tasks:
                  - cpu: 0
                    run: [ { spin_lock: A }, { note: held }, { spin_unlock: A } ]
                  - cpu: 1
                    run:
                      - if: { spin_trylock_bh: A }
                        then: [ { spin_unlock_bh: A } ]
                      - if: { spin_trylock_irqsave: A }
                        then: [ { spin_unlock_irqrestore: A } ]
                      - note: end
                """).play("s0 s1");
        assertThat(h.cpu(1).bh).isZero();
        h.play("s1");
        assertThat(h.cpu(1).irqsOff).isFalse();
        assertThat(h.cpu(1).preempt).isZero();
        h.play("s1");
        assertThat(notes(h)).containsExactly("end");
    }

    /** kref_put() is true when it released: the release runs first, then the then: ops, in the caller's frame. */
    @Test
    void ifKrefPut_lastRef_releasesThenRunsThen() {
        Harness h = new Harness("""
                scenario: kref_put branch
                cpus: 1
                refs: { obj: { type: kref, release: obj_release } }
                handlers:
                  obj_release: [ { note: released } ]
                tasks:
                  - cpu: 0
                    run:
                      - kref_get: obj
                      - if: { kref_put: obj }
                        then: [ { note: WRONG first put } ]
                      - if: { kref_put: obj }
                        then: [ { note: last } ]
                      - if: { not: { kref_get_unless_zero: obj } }
                        then: [ { note: gone } ]
                """).step(0, 7);
        assertThat(notes(h)).containsExactly("released", "last", "gone");
    }

    /** The predicates read the CPU: irqs_disabled, in_softirq (BH disabled counts), in_interrupt. */
    @Test
    void predicates_readTheCpuState() {
        Harness h = new Harness("""
                scenario: predicates
                cpus: 1
                refs: { r: { type: percpu_ref, release: rel } }
                handlers:
                  rel: [ { note: rel } ]
                tasks:
                  - cpu: 0
                    run:
                      - if: irqs_disabled
                        then: [ { note: WRONG irqs } ]
                      - local_bh_disable
                      - if: in_softirq
                        then: [ { note: bh off is in_softirq } ]
                      - if: { in_interrupt: }
                        then: [ { note: and in_interrupt } ]
                      - local_bh_enable
                      - if: { percpu_ref_is_zero: r }
                        then: [ { note: WRONG zero } ]
                        else: [ { note: percpu mode is not zero } ]
                """).step(0, 9);
        assertThat(notes(h)).containsExactly("bh off is in_softirq", "and in_interrupt", "percpu mode is not zero");
    }
}
