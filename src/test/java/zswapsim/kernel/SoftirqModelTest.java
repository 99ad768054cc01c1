package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import zswapsim.scenario.ScenarioException;

/** When softirqs and hardirqs may run, per kernel/softirq.c. */
class SoftirqModelTest {
    private static final String RAISE_UNDER_BH = """
            scenario: raise under BH
            cpus: 1
            handlers:
              net_rx: [ { note: rx } ]
            tasks:
              - cpu: 0
                run:
                  - local_bh_disable
                  - raise_softirq: net_rx
                  - note: still BH-disabled
                  - local_bh_enable
                  - note: after
            """;

    /** A softirq raised with BH disabled stays pending: no softirq move until local_bh_enable. */
    @Test
    void raisedSoftirq_bhDisabled_staysPendingUntilBhEnable() {
        Harness h = new Harness(RAISE_UNDER_BH).step(0, 2);
        assertThat(h.cpu(0).pending).isNotZero();
        assertThat(h.can("x0")).isFalse();
        h.step(0, 1);
        assertThat(h.can("x0")).isFalse();
    }

    /** local_bh_enable() dropping the count to zero runs the pending softirq at once, inline. */
    @Test
    void localBhEnable_withPendingSoftirq_runsItInline() {
        Harness h = new Harness(RAISE_UNDER_BH).step(0, 4);
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.SOFTIRQ);
        assertThat(h.kinds()).endsWith("op", "softirq-enter");
        assertThat(h.cpu(0).pending).isZero();
    }

    /**
     * __local_bh_enable_ip() runs the pending softirqs before its local_irq_enable() marks the held
     * locks SOFTIRQ-ON: a softirq spinning on the task's lock is a silent self deadlock (its
     * one-lock chain is the task's own, already validated); one that returns lets the marking
     * happen, so the next softirq taking the lock is reported.
     */
    @Test
    void localBhEnable_heldLockAndPendingSoftirq_marksSoftirqOnOnlyAfterTheSoftirqsRan() {
        String yaml = """
                scenario: bh enable under a lock
                cpus: 1
                locks: { L: spinlock }
                handlers:
                  rx: [ { spin_lock: L }, { spin_unlock: L } ]
                  tx: [ { note: no lock } ]
                tasks:
                  - cpu: 0
                    run:
                      - local_bh_disable
                      - spin_lock: L
                      - raise_softirq: %s
                      - local_bh_enable
                      - in_softirq: [ { spin_lock: L }, { spin_unlock: L } ]
                      - spin_unlock: L
                """;
        Harness spins = new Harness(yaml.formatted("rx")).step(0, 5);
        assertThat(spins.moves()).isEmpty();
        assertThat(spins.state.deadlock().kind().text()).isEqualTo("self");
        assertThat(spins.state.lockdep().reportKinds()).isEmpty();

        Harness returns = new Harness(yaml.formatted("tx")).step(0, 5);
        assertThat(returns.state.lockdep().reportKinds()).as("not yet: the softirq ran before the marking").isEmpty();
        returns.step(0, 2);
        assertThat(returns.state.lockdep().reportKinds()).containsExactly("inconsistent-lock-state");
    }

    /** local_bh_enable() with hardirqs off warns and returns with them on: a hardirq may then arrive. */
    @Test
    void spinUnlockBh_insideIrqsave_returnsWithHardirqsEnabled() {
        Harness h = new Harness("""
                scenario: unlock_bh under irqsave
                cpus: 1
                locks: { A: spinlock, B: spinlock }
                handlers:
                  dev: [ { spin_lock: A }, { spin_unlock: A } ]
                tasks:
                  - cpu: 0
                    run:
                      - spin_lock_irqsave: A
                      - spin_lock_bh: B
                      - spin_unlock_bh: B
                      - spin_unlock_irqrestore: A
                interrupts:
                  - hardirq: dev
                """).step(0, 2);
        assertThat(h.can("i0.0")).isFalse();
        h.step(0, 1);
        assertThat(h.cpu(0).irqsOff).isFalse();
        assertThat(h.kinds()).contains("warn");
        assertThat(h.can("i0.0")).as("the hardirq arrives while A is held").isTrue();
        h.play("i0.0 s0");
        assertThat(h.state.deadlock().kind().text()).isEqualTo("self");
        assertThat(h.state.lockdep().reportKinds()).as("A was marked HARDIRQ-ON by that local_irq_enable()")
                .containsExactly("inconsistent-lock-state");
    }

    private static final String IRQ_VARIANTS = """
            scenario: interrupt arrivals
            cpus: 1
            locks: { A: spinlock }
            handlers:
              tick: [ { note: tick } ]
            tasks:
              - cpu: 0
                run:
                  - spin_lock: A
                  - spin_unlock: A
                  - spin_lock_bh: A
                  - spin_unlock_bh: A
                  - spin_lock_irq: A
                  - spin_unlock_irq: A
            interrupts:
              - softirq: tick
                times: 3
            """;

    /** spin_lock() leaves BH and irqs enabled: a softirq may interrupt the holder. */
    @Test
    void spinLock_heldWithBhEnabled_softirqMayArrive() {
        Harness h = new Harness(IRQ_VARIANTS).step(0, 1);
        assertThat(h.holds("A")).isTrue();
        h.play("i0.0");
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.SOFTIRQ);
    }

    /** spin_lock_bh(): the interrupt can still arrive, but its softirq waits for spin_unlock_bh(). */
    @Test
    void spinLockBh_softirqArrives_runsAtSpinUnlockBh() {
        Harness h = new Harness(IRQ_VARIANTS).step(0, 3).play("i0.0");
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.TASK);
        assertThat(h.cpu(0).pending).isNotZero();
        h.step(0, 1);
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.SOFTIRQ);
    }

    /** spin_lock_irq(): no interrupt arrives at all until spin_unlock_irq(). */
    @Test
    void spinLockIrq_held_noInterruptArrives() {
        Harness h = new Harness(IRQ_VARIANTS).step(0, 5);
        assertThat(h.cpu(0).irqsOff).isTrue();
        assertThat(h.can("i0.0")).isFalse();
        h.step(0, 1);
        assertThat(h.can("i0.0")).isTrue();
    }

    /** local_irq_restore() returns to the saved state: nested saves keep irqs off. */
    @Test
    void irqRestore_nestedInsideIrqDisabled_keepsIrqsOff() {
        Harness h = new Harness("""
                scenario: nested irqsave
                cpus: 1
                tasks:
                  - cpu: 0
                    run: [local_irq_save, local_irq_save, local_irq_restore, local_irq_restore]
                """).step(0, 3);
        assertThat(h.cpu(0).irqsOff).isTrue();
        h.step(0, 1);
        assertThat(h.cpu(0).irqsOff).isFalse();
    }

    /** in_softirq: where BH is disabled is a scenario error naming the line, as the contract says. */
    @Test
    void inSoftirq_bhDisabled_isAnInputError() {
        Harness h = new Harness("""
                scenario: bad inline softirq
                cpus: 1
                tasks:
                  - cpu: 0
                    run:
                      - local_bh_disable
                      - in_softirq: [ { note: x } ]
                """).step(0, 1);
        assertThatThrownBy(() -> h.step(0, 1)).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("test.yaml:7:").hasMessageContaining("BH is disabled");
    }

    /** A hardirq handler runs with irqs off, and softirqs it raised run at irq_exit. */
    @Test
    void hardirq_raisesSoftirq_softirqRunsAtIrqExit() {
        Harness h = new Harness("""
                scenario: hardirq raises a softirq
                cpus: 1
                handlers:
                  rx: [ { note: rx } ]
                  nic: [ { raise_softirq: rx } ]
                tasks:
                  - cpu: 0
                    run: [ { note: work } ]
                interrupts:
                  - hardirq: nic
                """).play("i0.0");
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.HARDIRQ);
        assertThat(h.cpu(0).irqsOff).isTrue();
        h.step(0, 1);
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.SOFTIRQ);
        assertThat(h.cpu(0).irqsOff).isFalse();
    }

    /**
     * Before: "WARNING: softirq in_softirq exited with preempt_count or irq state changed (...)",
     * for interrupts left off too. The kernel prints handle_softirqs()'s "huh" line for a count a
     * handler left changed, and nothing for interrupts, which its return puts back anyway.
     */
    @Test
    void handlerLeavesCountsChanged_huhLineForPreemptCountOnly() {
        Harness leak = new Harness("""
                scenario: softirq leaks a preempt count
                cpus: 1
                tasks:
                  - cpu: 0
                    run: [ { in_softirq: [ preempt_disable ] }, { note: after } ]
                """).step(0, 3);
        assertThat(leak.events).filteredOn(e -> e.kind().equals("warn")).extracting(e -> e.text())
                .containsExactly("huh, entered softirq in_softirq with preempt_count 00000100, exited with 00000101?");
        assertThat(leak.cpu(0).preempt).isZero();
        Harness irqs = new Harness("""
                scenario: softirq leaves irqs off
                cpus: 1
                tasks:
                  - cpu: 0
                    run: [ { in_softirq: [ local_irq_disable ] }, { note: after } ]
                """).step(0, 3);
        assertThat(irqs.events).noneMatch(e -> e.kind().equals("warn"));
        assertThat(irqs.cpu(0).irqsOff).isFalse();
    }
}
