package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The irq flag where the kernel's rules are easy to get wrong: a hardirq handler that enables
 * interrupts, flags restored by the lock that saved them, and a read trylock behind a waiter.
 */
class IrqStateModelTest {

    private static final String HANDLER_ENABLES_IRQS = """
            scenario: a hardirq handler calls a helper that re-enables interrupts
            cpus: 1
            locks: { dev_lock: spinlock, stats_lock: spinlock }
            handlers:
              rx_irq:
                - spin_lock: dev_lock
                - %s: stats_lock
                - %s: stats_lock
                - spin_unlock: dev_lock
              tx_irq: [ { spin_lock: dev_lock }, { spin_unlock: dev_lock } ]
            interrupts:
              - hardirq: rx_irq
                cpus: [0]
              - hardirq: tx_irq
                cpus: [0]
            tasks:
              - cpu: 0
                run: [ { note: idle loop } ]
            """;

    /**
     * lockdep_hardirqs_on_prepare(): enabling interrupts inside a hardirq handler is a
     * DEBUG_LOCKS_WARN_ON(lockdep_hardirq_context()): lockdep turns off and marks nothing, and the
     * interrupts really are on, so a second interrupt nests on the handler and spins on its lock.
     */
    @Test
    void spinUnlockIrq_inHardirq_turnsLockdepOffAndLetsAnInterruptNest() {
        Harness h = new Harness(HANDLER_ENABLES_IRQS.formatted("spin_lock_irq", "spin_unlock_irq"))
                .play("i0.0").step(0, 3);
        assertThat(h.cpu(0).irqsOff).isFalse();
        assertThat(h.state.lockdep().enabled()).isFalse();
        h.play("i0.1 s0");
        assertThat(h.cpu(0).hardirq).isEqualTo(2);
        assertThat(h.state.deadlock().kind().text()).isEqualTo("self");
        assertThat(h.state.lockdep().reportKinds()).isEmpty();
    }

    /**
     * A softirq's _nest_lock() acquire of a class merges into the interrupted task's plain entry of
     * it; its unlock finds that entry by class with no nest lock: match_held_lock()'s
     * DEBUG_LOCKS_WARN_ON(!hlock->nest_lock), a WARNING, and lockdep is off.
     */
    @Test
    void nestLockMergedIntoAPlainEntry_unlockWarnsAndTurnsLockdepOff() {
        Harness h = new Harness("""
                scenario: nest lock merged into the interrupted task's entry
                cpus: 1
                locks:
                  tbl_lock: spinlock
                  b0: { type: spinlock, class: "&bkt->lock" }
                  b1: { type: spinlock, class: "&bkt->lock" }
                tasks:
                  - cpu: 0
                    run:
                      - spin_lock: b0
                      - in_softirq:
                          - spin_lock_nest_lock: { lock: b1, nest_lock: tbl_lock }
                          - spin_unlock: b1
                      - spin_unlock: b0
                """).stepWhilePossible(0);
        assertThat(h.state.lockdep().enabled()).isFalse();
        assertThat(h.state.lockdep().reportKinds()).isEmpty();
        assertThat(h.events).filteredOn(e -> e.kind().equals("warn")).extracting(e -> e.text()).containsExactly(
                "WARNING: CPU: 0 PID: 100 at kernel/locking/lockdep.c match_held_lock: DEBUG_LOCKS_WARN_ON(!hlock->nest_lock);"
                        + " lockdep is off from here on");
    }

    /** __local_bh_enable_ip() ends with an unconditional local_irq_enable(), in a hardirq handler too. */
    @Test
    void spinUnlockBh_inHardirq_enablesInterrupts() {
        Harness h = new Harness(HANDLER_ENABLES_IRQS.formatted("spin_lock_bh", "spin_unlock_bh"))
                .play("i0.0").step(0, 3);
        assertThat(h.cpu(0).irqsOff).isFalse();
        assertThat(h.state.lockdep().enabled()).isFalse();
        assertThat(h.can("i0.1")).isTrue();
    }

    /**
     * spin_unlock_irqrestore(A, flags) restores A's flags even when B's irqsave came after it; B's
     * restore of its irqs-off flags leaves irqs on, and since v5.9 local_irq_restore() calls no
     * lockdep hook for such flags (only trace_hardirqs_on() for flags saved with irqs on): lockdep
     * stays on, no warning (round 39's 618; before, a DEBUG_LOCKS_WARN_ON turned it off).
     */
    @Test
    void irqrestore_outOfOrder_restoresTheFlagsItsLockSaved() {
        Harness h = new Harness("""
                scenario: hand over hand with two irqsave locks
                cpus: 1
                locks: { list_lock: spinlock, obj_lock: spinlock }
                handlers:
                  irq: [ { spin_lock: obj_lock }, { spin_unlock: obj_lock } ]
                interrupts:
                  - hardirq: irq
                    cpus: [0]
                tasks:
                  - cpu: 0
                    run:
                      - spin_lock_irqsave: list_lock
                      - spin_lock_irqsave: obj_lock
                      - spin_unlock_irqrestore: list_lock
                      - note: obj_lock still held
                      - spin_unlock_irqrestore: obj_lock
                """).step(0, 3);
        assertThat(h.cpu(0).irqsOff).isFalse();       // list_lock's flags: irqs were on
        assertThat(h.holds("obj_lock")).isTrue();
        assertThat(h.can("i0.0")).isTrue();           // the hardirq can land and spin on obj_lock
        assertThat(h.state.lockdep().enabled()).isTrue();
        h.step(0, 2);
        assertThat(h.cpu(0).irqsOff).isFalse();       // obj_lock's flags: off, and a restore only enables
        assertThat(h.state.lockdep().enabled()).isTrue();
        assertThat(h.state.lockdep().reports()).isEmpty();
        assertThat(h.events).noneMatch(e -> e.kind().equals("warn"));
    }

    /**
     * A system call that returns with irqs off: syscall_exit_to_user_mode_prepare() warns and
     * enables them before lockdep_sys_exit(), so a held lock that a hardirq took gets
     * HARDIRQ-ON-W: the inconsistent lock state, which turns lockdep off before the held-lock report.
     */
    @Test
    void syscallReturningWithIrqsOff_enablesThemFirst_markingTheHeldLock() {
        Harness h = new Harness("""
                scenario: an error path returns without its spin_unlock_irqrestore
                cpus: 1
                locks: { dev_lock: spinlock }
                handlers:
                  irq: [ { spin_lock: dev_lock }, { spin_unlock: dev_lock } ]
                interrupts:
                  - hardirq: irq
                    cpus: [0]
                tasks:
                  - cpu: 0
                    run: [ spin_lock_irqsave: dev_lock ]
                """).play("i0.0 s0 s0 s0");
        h.stepWhilePossible(0);
        assertThat(h.events).anyMatch(e -> e.kind().equals("warn") && e.text().endsWith("syscall left IRQs disabled"));
        assertThat(h.cpu(0).irqsOff).isFalse();
        assertThat(h.state.lockdep().reportKinds()).containsExactly("inconsistent-lock-state");
    }

    /** queued_read_trylock() fails on _QW_WAITING: an interrupt's read trylock does not pass a waiting writer. */
    @Test
    void readTrylock_inHardirq_failsBehindAWaitingWriter() {
        Harness h = new Harness("""
                scenario: read trylock in a hardirq behind a waiting writer
                cpus: 2
                locks: { tbl_lock: rwlock }
                handlers:
                  rx:
                    - if: { read_trylock: tbl_lock }
                      then: [ { read_unlock: tbl_lock } ]
                      else: [ { note: backlog } ]
                interrupts:
                  - hardirq: rx
                    cpus: [0]
                tasks:
                  - cpu: 0
                    run: [ { read_lock: tbl_lock }, { note: reading }, { read_unlock: tbl_lock } ]
                  - cpu: 1
                    run: [ { write_lock: tbl_lock }, { write_unlock: tbl_lock } ]
                """).play("s0 s1 i0.0 s0");
        assertThat(h.state.locks[0].readers).hasSize(1);   // only the task's read hold
        assertThat(h.events.stream().anyMatch(e -> e.changes().contains("tbl_lock busy, trylock fails"))).isTrue();
    }

    /**
     * irq_exit() repairs no preempt count: a handler that unlocks a lock the task took leaves the
     * task one count lower (only handle_softirqs() and call_timer_fn() put the count back).
     */
    @Test
    void hardirqUnlockingTheTasksLock_leavesThePreemptCountLower() {
        Harness h = new Harness("""
                scenario: a hardirq releases the task's lock
                cpus: 1
                locks: { cmd_lock: spinlock }
                handlers:
                  done_irq: [ { spin_unlock: cmd_lock } ]
                tasks:
                  - cpu: 0
                    run:
                      - spin_lock: cmd_lock
                      - in_hardirq: [ { call: done_irq } ]
                      - note: after the interrupt
                """).play("s0 s0 s0 s0");
        assertThat(h.last().text()).isEqualTo("hardirq: in_hardirq returns");
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.TASK);
        assertThat(h.cpu(0).preempt).isZero();
    }

    /**
     * current->softirqs_enabled is lockdep's own: schedule_debug() resets a sleeper's BH count, but
     * only lockdep_softirqs_on() turns the flag back on, so a lock taken after the sleep is not
     * SOFTIRQ-ON-W (round 42's 641 and 647); the same lock after local_bh_enable() is.
     */
    @Test
    void sleepWithBhDisabled_countReset_lockdepStillSeesSoftirqsOff() {
        String yaml = """
                scenario: sleep with BH disabled
                cpus: 1
                locks: { L: spinlock }
                tasks:
                  - cpu: 0
                    run: [ local_bh_disable, %s { spin_lock: L }, { spin_unlock: L } ]
                """;
        Harness slept = new Harness(yaml.formatted("{ msleep: 1 },")).stepWhilePossible(0);
        Harness enabled = new Harness(yaml.formatted("local_bh_enable,")).stepWhilePossible(0);
        assertThat(slept.state.lockdep().classes()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("L");
            assertThat(c.usage()).isEqualTo("{+...}");
        });
        assertThat(enabled.state.lockdep().classes()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("L");
            assertThat(c.usage()).isEqualTo("{+.+.}");
        });
    }
}
