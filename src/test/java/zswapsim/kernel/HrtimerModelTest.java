package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import zswapsim.trace.TraceEvent;

/**
 * Hrtimers as kernel/time/hrtimer.c runs them: started now, expired later on the starting CPU; a
 * hard one's callback in hrtimer_interrupt() (hardirq, irqs off), a soft one's in HRTIMER_SOFTIRQ;
 * hrtimer_cancel() spins while the callback runs, hrtimer_try_to_cancel() returns -1 instead.
 */
class HrtimerModelTest {
    private static String yaml(String mode) {
        return """
                scenario: hrtimers
                cpus: 2
                handlers:
                  fn: [ { note: fired }, { note: returns } ]
                hrtimers:
                  ht: { function: fn, mode: %s }
                tasks:
                  - cpu: 0
                    run:
                      - note: before
                      - hrtimer_start: ht
                      - note: started
                  - cpu: 1
                    run:
                      - hrtimer_cancel: ht
                """.formatted(mode);
    }

    private static List<String> notes(Harness h) {
        return h.events.stream().map(TraceEvent::text).filter(t -> t.startsWith("note: ")).toList();
    }

    /** No hrtimer interrupt before hrtimer_start(); after it only on the starting CPU, and only while irqs are on. */
    @Test
    void hrtimerStart_armsOnTheCallingCpu_interruptOnlyThere() {
        Harness h = new Harness(yaml("hard"));
        assertThat(h.can("h0.0")).isFalse();
        h.play("s0 s0");
        assertThat(h.can("h0.0")).isTrue();
        assertThat(h.can("h1.0")).isFalse();
        assertThat(h.can("t0.0")).isFalse();
    }

    /** A hard hrtimer's callback runs in hardirq context, hrtimer_interrupt(), with irqs off, once. */
    @Test
    void hardHrtimer_runsInHardirqWithIrqsOff_once() {
        Harness h = new Harness(yaml("hard")).play("s0 s0 h0.0");
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.HARDIRQ);
        assertThat(h.top(0).label).isEqualTo("hrtimer_interrupt");
        assertThat(h.cpu(0).irqsOff).isTrue();
        assertThat(h.cpu(0).hardirq).isEqualTo(1);
        h.play("s0 s0 s0 s0 s0");
        assertThat(notes(h)).containsExactly("note: before", "note: fired", "note: returns");
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.TASK);
        assertThat(h.cpu(0).irqsOff).isFalse();
        assertThat(h.can("h0.0")).isFalse();
    }

    /** A soft hrtimer's expiry raises HRTIMER_SOFTIRQ (vector 8); the callback runs there with irqs on. */
    @Test
    void softHrtimer_runsInHrtimerSoftirqWithIrqsOn() {
        Harness h = new Harness(yaml("soft")).play("s0 s0 h0.0");
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.SOFTIRQ);
        assertThat(h.top(0).label).isEqualTo("HRTIMER_SOFTIRQ");
        h.play("s0 s0");
        assertThat(notes(h)).containsExactly("note: before", "note: fired");
        assertThat(h.cpu(0).irqsOff).isFalse();
        assertThat(h.cpu(0).serving).isEqualTo(1);
    }

    /** A soft hrtimer that expires with BH disabled stays pending in HRTIMER_SOFTIRQ until BH is enabled. */
    @Test
    void softHrtimer_expiresUnderBhDisabled_runsAtLocalBhEnable() {
        Harness h = new Harness("""
                scenario: soft under bh
                cpus: 1
                handlers:
                  fn: [ { note: fired } ]
                hrtimers:
                  ht: { function: fn, mode: soft }
                tasks:
                  - cpu: 0
                    run: [ { hrtimer_start: ht }, local_bh_disable, { note: bh off }, local_bh_enable, { note: after } ]
                """).play("s0 s0 h0.0");
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.TASK);
        assertThat(h.cpu(0).pending).isEqualTo(1L << Program.HRTIMER_SOFTIRQ);
        h.play("s0 s0");
        assertThat(h.top(0).label).isEqualTo("HRTIMER_SOFTIRQ");
    }

    /** hrtimer_cancel() of a started timer dequeues it: it never fires. */
    @Test
    void hrtimerCancel_pending_dequeues() {
        Harness h = new Harness(yaml("hard")).play("s0 s0 s1");
        assertThat(h.can("h0.0")).isFalse();
        assertThat(h.cpu(0).timersArmed).isZero();
    }

    /** hrtimer_cancel() while the callback runs spins, keeping the CPU, and tries again once it returned. */
    @Test
    void hrtimerCancel_running_spinsThenTriesAgain() {
        Harness h = new Harness(yaml("soft")).play("s0 s0 h0.0 s0 s1");
        Context cancel = h.top(1);
        assertThat(cancel.wait).isEqualTo(Wait.HRTIMER_CANCEL);
        assertThat(h.can("s1")).isFalse();
        assertThat(h.state.tasks.get(1).onCpu()).isTrue();
        h.play("s0 s0 s0");
        assertThat(cancel.woken).isTrue();
        h.play("s1");
        assertThat(cancel.wait).isEqualTo(Wait.NONE);
        assertThat(h.events.stream().filter(e -> e.text().equals("hrtimer_cancel(ht)")).count()).isEqualTo(2);
    }

    /** if: {hrtimer_try_to_cancel: ht} holds (returned -1) while the callback runs, and then nothing is dequeued. */
    @Test
    void hrtimerTryToCancel_asCondition_holdsWhileTheCallbackRuns() {
        String yaml = """
                scenario: try to cancel
                cpus: 2
                handlers:
                  fn: [ { note: fired }, { note: returns } ]
                hrtimers:
                  ht: { function: fn, mode: soft }
                tasks:
                  - cpu: 0
                    run: [ { hrtimer_start: ht } ]
                  - cpu: 1
                    run:
                      - if: { hrtimer_try_to_cancel: ht }
                        then: [ { note: running } ]
                        else: [ { note: stopped } ]
                """;
        Harness running = new Harness(yaml).play("s0 h0.0 s0 s0 s1 s1");
        assertThat(notes(running)).containsExactly("note: fired", "note: running");
        Harness idle = new Harness(yaml).play("s0 s1 s1");
        assertThat(notes(idle)).containsExactly("note: stopped");
        assertThat(idle.can("h0.0")).isFalse();
    }

    /**
     * Lesson 20: the hrtimer interrupt on the CPU that holds the lock its callback takes is a self
     * deadlock, and lockdep's print_usage_bug() says so in the kernel's layout.
     */
    @Test
    void hardCallback_takesTaskContextsLock_inconsistentHardirqUsage() throws Exception {
        Harness h = new Harness(Files.readString(Path.of("scenarios/lockdep/20-hard-hrtimer-lock.yaml")))
                .play("s0 s0 s0 s0 s0 h0.0 s0 s0");
        assertThat(h.state.deadlock()).isNotNull();
        assertThat(h.state.deadlock().explanation()).startsWith("self deadlock: CPU0 hardirq hrtimer_interrupt");
        var reports = h.state.lockdep().reports();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).kind()).isEqualTo("inconsistent-lock-state");
        assertThat(reports.get(0).text()).containsSubsequence(
                "WARNING: inconsistent lock state",
                "inconsistent {HARDIRQ-ON-W} -> {IN-HARDIRQ-W} usage.",
                "reader/100 [HC1[1]:SC0[0]:HE0:SE1] takes:",
                "stats_lock (stats_lock){?.+.}-{2:2}, at: spin_lock(stats_lock) in xnic_sample (test.yaml:39:7)",
                "{HARDIRQ-ON-W} state was registered at:",
                " Possible unsafe locking scenario:",
                "       CPU0",
                "  lock(stats_lock);",
                "  <Interrupt>",
                "    lock(stats_lock);",
                " *** DEADLOCK ***",
                "1 lock held by reader/100:",
                " #0: stats_lock (stats_lock){?.+.}-{2:2}, at: spin_lock(stats_lock) in reader (test.yaml:51:9)",
                "stack backtrace:",
                "  xnic_sample",
                "  hrtimer_interrupt");
    }

    /** A soft hrtimer's callback is softirq context for lockdep: spin_lock() of its lock in task context is {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W}. */
    @Test
    void softCallback_takesTaskContextsLock_inconsistentSoftirqUsage() {
        Harness h = new Harness("""
                scenario: soft hrtimer lock
                cpus: 1
                locks: { L: spinlock }
                handlers:
                  fn: [ { spin_lock: L }, { spin_unlock: L } ]
                hrtimers:
                  ht: { function: fn, mode: soft }
                tasks:
                  - name: t
                    cpu: 0
                    run: [ { hrtimer_start: ht }, { spin_lock: L }, { spin_unlock: L } ]
                """).play("s0 s0 h0.0 s0 s0");
        assertThat(h.state.deadlock()).isNotNull();
        var reports = h.state.lockdep().reports();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).text()).containsSubsequence(
                "WARNING: inconsistent lock state",
                "inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage.",
                "t/100 [HC0[0]:SC1[1]:HE1:SE0] takes:",
                "L (L){+.?.}-{2:2}, at: spin_lock(L) in fn (test.yaml:5:11)",
                "{SOFTIRQ-ON-W} state was registered at:",
                "  <Interrupt>",
                "stack backtrace:",
                "  fn",
                "  hrtimer_run_softirq",
                "  softirq HRTIMER_SOFTIRQ");
    }

    /**
     * hrtimer_cancel() under the lock a soft callback spins on: a wait-for cycle (the canceller waits
     * for the callback, the callback for the canceller's lock), and no lockdep report, since hrtimers
     * carry no lockdep map on !PREEMPT_RT kernels.
     */
    @Test
    void hrtimerCancel_underTheCallbacksLock_cycleWithoutLockdepReport() {
        Harness h = new Harness("""
                scenario: cancel under lock
                cpus: 2
                locks: { L: spinlock }
                handlers:
                  fn: [ { spin_lock: L }, { spin_unlock: L } ]
                hrtimers:
                  ht: { function: fn, mode: soft }
                tasks:
                  - cpu: 0
                    run: [ { hrtimer_start: ht } ]
                  - cpu: 1
                    run: [ { spin_lock_bh: L }, { hrtimer_cancel: ht }, { spin_unlock_bh: L } ]
                """).play("s0 h0.0 s0 s1 s0 s1");
        assertThat(h.top(1).wait).isEqualTo(Wait.HRTIMER_CANCEL);
        assertThat(h.moves()).isEmpty();
        assertThat(h.kernel.stuck(h.state)).isTrue();
        assertThat(h.state.deadlock().kind()).isEqualTo(Deadlock.Kind.CYCLE);
        assertThat(h.state.deadlock().explanation()).contains("spins in hrtimer_cancel(ht) until its function fn() returns in"
                + " CPU0 softirq HRTIMER_SOFTIRQ").contains("spins on L held by CPU1 task task1");
        assertThat(h.state.lockdep().reports()).isEmpty();
    }
    private static final String RAW_NESTING = """
            scenario: a spinlock_t in a hard hrtimer and in a device hardirq, with CONFIG_PROVE_RAW_LOCK_NESTING
            cpus: 1
            lockdep: { prove_raw_lock_nesting: true }
            locks:
              L: spinlock
            handlers:
              fn: [ { spin_lock: L }, { spin_unlock: L } ]
            hrtimers:
              ht: { function: fn, mode: hard }
            interrupts:
              - hardirq: fn
            tasks:
              - cpu: 0
                run: [ { hrtimer_start: ht } ]
            """;

    /**
     * hrtimer_interrupt() is never threaded: lockdep_hrtimer_enter() sets irq_config only for soft
     * timers, and the timer interrupt does not pass lockdep_hardirq_threaded(), so
     * task_wait_context() gives LD_WAIT_SPIN and a spinlock_t (LD_WAIT_CONFIG, 3 with the option) is
     * an invalid wait context; in a threadable device handler the context is LD_WAIT_CONFIG.
     */
    @Test
    void hardCallback_spinlockWithProveRawLockNesting_invalidWaitContext() {
        Harness hr = new Harness(RAW_NESTING).play("s0 h0.0 s0 s0");
        assertThat(hr.state.lockdep().reports()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("invalid-wait-context");
            assertThat(r.text()).contains("context-{2:2}");
        });
        Harness dev = new Harness(RAW_NESTING).play("i0.0 s0 s0");
        assertThat(dev.state.lockdep().reports()).isEmpty();
    }

    /**
     * hrtimer_interrupt() does not nest: a hard callback that turns irqs on lets a device interrupt
     * in, but no second hrtimer expiry (in_hrtirq, next_event = KTIME_MAX until the end), so the
     * other hrtimer's callback cannot land on the lock the first holds (round 44's 662 contrast).
     */
    @Test
    void hardCallbackEnablesIrqs_noSecondHrtimerInterruptNestsOnIt() {
        Harness h = new Harness("""
                scenario: hrtimer_interrupt does not nest
                cpus: 1
                locks: { L: spinlock }
                handlers:
                  a_fn: [ local_irq_enable, { spin_lock: L }, { spin_unlock: L } ]
                  b_fn: [ { spin_lock: L }, { spin_unlock: L } ]
                hrtimers:
                  a: { function: a_fn, mode: hard }
                  b: { function: b_fn, mode: hard }
                tasks:
                  - cpu: 0
                    run: [ { hrtimer_start: a }, { hrtimer_start: b }, { note: armed } ]
                """).play("s0 s0 h0.0 s0 s0 s0");
        assertThat(h.holds("L")).isTrue();
        assertThat(h.cpu(0).irqsOff).isFalse();
        assertThat(h.can("h0.1")).isFalse();
        h.stepWhilePossible(0);
        assertThat(h.can("h0.1")).isTrue();
    }
}
