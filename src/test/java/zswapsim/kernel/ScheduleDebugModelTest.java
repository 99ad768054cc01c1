package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import zswapsim.trace.TraceEvent;

/** schedule_debug()'s "scheduling while atomic" and what the lost preempt count does afterwards. */
class ScheduleDebugModelTest {
    private static final String SLEEP_UNDER_SPINLOCK = """
            scenario: msleep under a spinlock, then an inconsistent use of M
            cpus: 1
            locks: { L: spinlock, M: spinlock }
            handlers:
              rx: [ { spin_lock: M }, { spin_unlock: M } ]
            tasks:
              - cpu: 0
                run:
                  - spin_lock: L
                  - msleep: 1
                  - spin_unlock: L
                  - spin_lock: M
                  - spin_unlock: M
            interrupts:
              - softirq: rx
            """;

    /**
     * The sleeper's spin_unlock() finds no preempt count left: preempt_count_sub()'s
     * DEBUG_LOCKS_WARN_ON() turns lockdep off, so the SOFTIRQ-ON then IN-SOFTIRQ use of M that
     * follows is never reported.
     */
    @Test
    void unlockAfterSchedulingWhileAtomic_turnsLockdepOff_laterMisuseUnreported() {
        Harness h = new Harness(SLEEP_UNDER_SPINLOCK).play("s0 s0 s0");
        assertThat(h.state.lockdep().enabled()).isTrue();
        h.play("s0");
        assertThat(h.state.lockdep().enabled()).isFalse();
        assertThat(h.events.stream().map(TraceEvent::text))
                .anyMatch(t -> t.contains("BUG: scheduling while atomic"))
                .anyMatch(t -> t.contains("DEBUG_LOCKS_WARN_ON(val > preempt_count())"));
        h.play("s0 s0 i0.0 s0 s0");
        assertThat(h.state.lockdep().reportKinds()).isEmpty();
    }

    /** Without the sleep, M taken in the task and then in the softirq on top of it is reported: the test above hinges on the lost count. */
    @Test
    void withoutTheSleep_theMisuseIsReported() {
        Harness h = new Harness(SLEEP_UNDER_SPINLOCK.replace("      - msleep: 1\n", "")).play("s0 s0 s0 i0.0 s0");
        assertThat(h.state.lockdep().reportKinds()).containsExactly("inconsistent-lock-state");
    }

    private static final String SLEEP_WITH_IRQS_OFF = """
            scenario: msleep inside spin_lock_irqsave
            cpus: 1
            locks: { dev_lock: spinlock }
            handlers:
              dev_isr: [ { spin_lock: dev_lock }, { spin_unlock: dev_lock } ]
            interrupts:
              - hardirq: dev_isr
                cpus: [0]
            tasks:
              - cpu: 0
                run:
                  - spin_lock_irqsave: dev_lock
                  - msleep: 1
                  - note: read the status
                  - spin_unlock_irqrestore: dev_lock
            """;

    /**
     * finish_task_switch() -> raw_spin_rq_unlock_irq(): the CPU runs with irqs on while the task
     * sleeps, and the task resumes with them on, lockdep marking its held dev_lock HARDIRQ-ON then.
     */
    @Test
    void sleepWithIrqsOff_irqsComeBackOnAndTheResumedTaskMarksItsLocks() {
        Harness h = new Harness(SLEEP_WITH_IRQS_OFF).play("s0 s0");
        assertThat(h.cpu(0).irqsOff).isFalse();
        assertThat(h.can("i0.0")).isTrue();           // the idle CPU takes interrupts
        assertThat(h.state.lockdep().reportKinds()).isEmpty();   // nothing marked HARDIRQ-ON before the resume
        h.play("s0 i0.0 s0");
        assertThat(h.state.lockdep().reportKinds()).containsExactly("inconsistent-lock-state");
        assertThat(h.state.deadlock().kind().text()).isEqualTo("self");
    }
}
