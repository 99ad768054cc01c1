package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The three deadlock kinds, detected as soon as they exist. */
class DeadlockDetectionTest {
    /** A softirq spinning on a lock its interrupted task holds is a self deadlock at once. */
    @Test
    void softirqSpinsOnLockOfInterruptedTask_isSelfDeadlock() {
        Harness h = new Harness("""
                scenario: self
                cpus: 1
                locks: { L: spinlock }
                handlers:
                  timer_fn: [ { spin_lock: L }, { spin_unlock: L } ]
                tasks:
                  - cpu: 0
                    run: [ { spin_lock: L }, { spin_unlock: L } ]
                interrupts:
                  - softirq: timer_fn
                """).play("s0 i0.0 s0");
        assertThat(h.state.deadlock.kind().text()).isEqualTo("self");
        assertThat(h.state.deadlock.locks()).containsExactly("L");
        assertThat(h.moves()).isEmpty();
    }

    /** Two CPUs taking two locks in opposite orders form a wait-for cycle. */
    @Test
    void abba_onTwoCpus_isCycle() {
        Harness h = new Harness("""
                scenario: abba
                cpus: 2
                locks: { A: spinlock, B: spinlock }
                tasks:
                  - cpu: 0
                    run: [ { spin_lock: A }, { spin_lock: B }, { spin_unlock: B }, { spin_unlock: A } ]
                  - cpu: 1
                    run: [ { spin_lock: B }, { spin_lock: A }, { spin_unlock: A }, { spin_unlock: B } ]
                """).play("s0 s1 s0");
        assertThat(h.state.deadlock).isNull();
        h.play("s1");
        assertThat(h.state.deadlock.kind().text()).isEqualTo("cycle");
        assertThat(h.state.deadlock.cpus()).containsExactly(0, 1);
    }

    /** synchronize_rcu() inside a read-side critical section can never return: a stall. */
    @Test
    void synchronizeRcuInsideReader_isStall() {
        Harness h = new Harness("""
                scenario: stall
                cpus: 1
                tasks:
                  - cpu: 0
                    run: [ rcu_read_lock, synchronize_rcu, rcu_read_unlock ]
                """).play("s0 s0 g");
        assertThat(h.moves()).isEmpty();
        assertThat(h.kernel.stuck(h.state)).isTrue();
        assertThat(h.state.deadlock.kind().text()).isEqualTo("stall");
        assertThat(h.state.deadlock.explanation()).contains("synchronize_rcu");
    }

    /** A lock released before the other side spins is no deadlock: the spinner gets it. */
    @Test
    void spinner_afterRelease_getsTheLock() {
        Harness h = new Harness("""
                scenario: contention
                cpus: 2
                locks: { A: spinlock }
                tasks:
                  - cpu: 0
                    run: [ { spin_lock: A }, { spin_unlock: A } ]
                  - cpu: 1
                    run: [ { spin_lock: A }, { spin_unlock: A } ]
                """).play("s0 s1");
        assertThat(h.top(1).wait).isEqualTo(Wait.SPIN);
        assertThat(h.can("s1")).isFalse();
        h.play("s0 s1");
        assertThat(h.top(1).wait).isEqualTo(Wait.NONE);
        h.play("s1");
        assertThat(h.moves()).isEmpty();
        assertThat(h.kernel.stuck(h.state)).as("completed, not deadlocked").isFalse();
    }
}
