package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the partial-order reduction may take as one CPU's own business, and what it may not. */
class LocalityTest {
    /** Does CPU {@code cpu}'s move {@code token}, from the harness's state, stay inside the CPU? */
    private static boolean local(Harness h, int cpu, String token) {
        Locality locality = h.kernel.locality();
        Locality.Probe probe = locality.probe(h.state, cpu);
        KernelState after = h.state.copy();
        Move m = Move.parse(token);
        h.kernel.apply(after, m, null);
        return locality.stayedLocal(probe, after, m);
    }

    @Test
    void lockOps_andTheEndOfAQuiescentState_leaveTheCpu_notesInsideAPreemptionSectionDoNot() {
        Harness h = new Harness("""
                scenario: locality
                cpus: 1
                locks: { A: spinlock }
                tasks:
                  - { name: t, cpu: 0, run: [ preempt_disable, { note: n }, preempt_enable, { spin_lock: A }, { spin_unlock: A } ] }
                """);
        assertThat(local(h, 0, "s0")).as("preempt_disable() ends a quiescent state a grace period could ask for").isFalse();
        h.step(0, 1);
        assertThat(local(h, 0, "s0")).isTrue();
        h.step(0, 1);
        assertThat(local(h, 0, "s0")).as("preempt_enable() begins one").isTrue();
        h.step(0, 1);
        assertThat(local(h, 0, "s0")).as("spin_lock() delivers to the lock").isFalse();
    }

    /** local_irq_enable() under a lock marks it HARDIRQ-ON-W the first time: a shared lockdep change. */
    @Test
    void irqEnableUnderALock_marksItsUsage_isNotLocal_theSecondTimeItIs() {
        Harness h = new Harness("""
                scenario: locality
                cpus: 1
                locks: { L: spinlock }
                tasks:
                  - { name: t, cpu: 0, run: [ spin_lock_irq: L, local_irq_enable, local_irq_disable, local_irq_enable, { spin_unlock: L } ] }
                """);
        h.step(0, 1);
        assertThat(local(h, 0, "s0")).isFalse();
        h.step(0, 2);
        assertThat(local(h, 0, "s0")).as("the bit is set already").isTrue();
    }

    @Test
    void cpuWithASpinningContext_isNotQuiet_theHolderIs() {
        Harness h = new Harness("""
                scenario: locality
                cpus: 2
                locks: { A: spinlock }
                tasks:
                  - { name: holder, cpu: 0, run: [ { spin_lock: A }, { note: n }, { spin_unlock: A } ] }
                  - { name: spinner, cpu: 1, run: [ { spin_lock: A }, { spin_unlock: A } ] }
                """);
        h.play("s0 s1");
        Locality locality = h.kernel.locality();
        assertThat(locality.quiet(h.state, 1)).as("the unlock on CPU0 grants the lock to CPU1").isFalse();
        assertThat(locality.quiet(h.state, 0)).isTrue();
    }

    /** A callback queued here is raised on this CPU when another CPU's quiescent state ends the grace period. */
    @Test
    void cpuWithAnRcuCallback_isQuietOnlyWhileTheGracePeriodWaitsForIt() {
        Harness h = new Harness("""
                scenario: locality
                cpus: 2
                handlers: { cb: [ { note: free } ] }
                tasks:
                  - { name: poster, cpu: 0, run: [ { call_rcu: cb }, { note: a }, { note: b } ] }
                  - { name: other, cpu: 1, run: [ { note: c }, { note: d } ] }
                """);
        h.play("s0");
        Locality locality = h.kernel.locality();
        assertThat(locality.quiet(h.state, 0)).isFalse();
        h.play("g");
        assertThat(locality.quiet(h.state, 0)).as("grace period waits for CPU0").isTrue();
    }

    /**
     * rcu_read_lock() ends the CPU's quiescent state: while a grace period may still start, the
     * CPU could report before it, so it does not move alone; once the running grace period waits
     * for this CPU, it may.
     */
    @Test
    void rcuReadLock_isLocalOnlyWhileTheGracePeriodWaitsForTheCpu() {
        Harness h = new Harness("""
                scenario: locality
                cpus: 2
                handlers: { cb: [ { note: free } ] }
                tasks:
                  - { name: reader, cpu: 0, run: [ rcu_read_lock, { note: r }, rcu_read_unlock ] }
                  - { name: poster, cpu: 1, run: [ { call_rcu: cb }, { note: p } ] }
                """);
        assertThat(local(h, 0, "s0")).as("no grace period yet").isFalse();
        h.play("s1 g");
        assertThat(h.kernel.locality().quiet(h.state, 0)).isTrue();
        assertThat(local(h, 0, "s0")).as("grace period 1 waits for CPU0").isTrue();
    }
}
