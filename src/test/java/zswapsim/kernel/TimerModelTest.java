package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Timers as kernel/time/timer.c runs them: armed now, fired later in TIMER_SOFTIRQ on the arming
 * CPU while it is busy (an idle one's global timers: {@link TimerMigrationModelTest}).
 */
class TimerModelTest {
    private static final String YAML = """
            scenario: timers
            cpus: 2
            handlers:
              wd_fn: [ { note: fired } ]
            timers:
              wd: { function: wd_fn }
            tasks:
              - cpu: 0
                run:
                  - note: before
                  - mod_timer: wd
                  - note: armed
              - cpu: 1
                run:
                  - del_timer_sync: wd
            """;

    /** No tick before mod_timer(); after it only the arming CPU's tick fires it, and only while irqs are on. */
    @Test
    void modTimer_armsOnTheCallingCpu_tickOnlyThere() {
        Harness h = new Harness(YAML);
        assertThat(h.can("t0.0")).isFalse();
        h.play("s0 s0");
        assertThat(h.can("t0.0")).isTrue();
        assertThat(h.can("t1.0")).isFalse();
    }

    /** The tick raises TIMER_SOFTIRQ and the irq exit runs it: the function runs in softirq, once. */
    @Test
    void tick_runsTheFunctionInTimerSoftirq_once() {
        Harness h = new Harness(YAML).play("s0 s0 t0.0");
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.SOFTIRQ);
        assertThat(h.top(0).label).isEqualTo("TIMER_SOFTIRQ");
        h.play("s0 s0 s0 s0 s0");
        assertThat(h.events.stream().filter(e -> e.text().equals("note: fired")).count()).isEqualTo(1);
        assertThat(h.can("t0.0")).isFalse();
    }

    /** del_timer_sync() of a pending timer dequeues it: it never fires. */
    @Test
    void delTimerSync_pending_dequeues() {
        Harness h = new Harness(YAML).play("s0 s0 s1");
        assertThat(h.can("t0.0")).isFalse();
        assertThat(h.cpu(0).timersArmed).isZero();
    }

    /** del_timer_sync() while the function runs spins (keeping the CPU) until it returns. */
    @Test
    void delTimerSync_running_spinsUntilTheFunctionReturns() {
        Harness h = new Harness(YAML).play("s0 s0 t0.0 s0 s1");
        Context stop = h.top(1);
        assertThat(stop.wait).isEqualTo(Wait.TIMER_SYNC);
        assertThat(h.can("s1")).isFalse();
        assertThat(h.state.tasks.get(1).onCpu()).isTrue();
        h.play("s0 s0");
        assertThat(stop.woken).isTrue();
        assertThat(h.cpu(1).irqsOff).isFalse();
    }

    /**
     * The timer's lockdep map, as call_timer_fn() and timer_delete_sync() annotate it: holding the
     * lock its function takes while deleting it is print_circular_bug()'s report, the map printed
     * as the kernel names it, {@code ((&NAME)){....}-{0:0}}.
     */
    @Test
    void delTimerSync_underTheFunctionsLock_isCircularWithTheTimersMap() throws Exception {
        String yaml = java.nio.file.Files.readString(java.nio.file.Path.of("scenarios/lockdep/15-del-timer-sync-under-lock.yaml"));
        Harness h = new Harness(yaml).play("s0 s1 s0 t0.0 s0 s1 s0 s1");
        var reports = h.state.lockdep().reports();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).kind()).isEqualTo("circular-locking");
        assertThat(reports.get(0).text()).containsSubsequence(
                "WARNING: possible circular locking dependency detected",
                "stop/101 is trying to acquire lock:",
                "(&xnic_watchdog) ((&xnic_watchdog)){+.-.}-{0:0}, at: del_timer_sync in stop"
                        + " (test.yaml:50:9)",
                "but task is already holding lock:",
                "-> #1 (stats_lock){+.-.}-{2:2}:",
                "       run_timer_softirq",
                "-> #0 ((&xnic_watchdog)){+.-.}-{0:0}:",
                " Possible unsafe locking scenario:",
                "  lock(stats_lock);",
                "                               lock((&xnic_watchdog));",
                "                               lock(stats_lock);",
                "  lock((&xnic_watchdog));",
                " *** DEADLOCK ***");
        assertThat(h.moves()).isEmpty();
        assertThat(h.kernel.stuck(h.state)).isTrue();
    }

    private static final String REARM = """
            scenario: a timer re-armed while its function runs
            cpus: 2
            handlers:
              wd_fn: [ { note: fired }, { mod_timer: wd } ]
            timers:
              wd: { function: wd_fn }
            tasks:
              - cpu: 0
                run: [ { mod_timer: wd } ]
              - cpu: 1
                run: [ { mod_timer: wd } ]
            """;

    /** __mod_timer() keeps a running timer on its base: re-armed from CPU1 while it runs on CPU0, it stays on CPU0. */
    @Test
    void modTimer_whileTheFunctionRunsElsewhere_staysOnTheRunningCpu() {
        Harness h = new Harness(REARM).play("s0 t0.0 s0");     // wd_fn runs on CPU0
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.SOFTIRQ);
        h.play("s1");
        assertThat(h.cpu(1).timersArmed).isZero();
        assertThat(h.cpu(0).timersArmed).isEqualTo(1L);
        assertThat(h.state.timers.base[0]).isZero();
    }

    /** Not running, a timer moves to the CPU that re-arms it, as before. */
    @Test
    void modTimer_notRunning_queuesOnTheCallingCpu() {
        Harness h = new Harness(REARM).play("s0 s1");
        assertThat(h.cpu(0).timersArmed).isZero();
        assertThat(h.cpu(1).timersArmed).isEqualTo(1L);
    }

    /** add_timer() of a pending timer warns and returns (v6.2+): it stays queued where it was. */
    @Test
    void addTimer_pending_warnsAndLeavesItWhereItIs() {
        Harness h = new Harness(REARM.replace("  - cpu: 1\n    run: [ { mod_timer: wd } ]", "  - cpu: 1\n    run: [ { add_timer: wd } ]"))
                .play("s0 s1");
        assertThat(h.events).anySatisfy(e -> assertThat(e.text())
                .isEqualTo("WARNING: add_timer() of a pending timer wd (WARN_ON_ONCE(timer_pending(timer))); not re-armed"));
        assertThat(h.cpu(0).timersArmed).isEqualTo(1L);
        assertThat(h.cpu(1).timersArmed).isZero();
        assertThat(h.state.timers.base[0]).isZero();
    }

    /**
     * __timer_delete_sync() loops: after waiting for the running function it tries again, so the
     * copy the function re-armed meanwhile is deleted too and the timer never fires again.
     */
    @Test
    void delTimerSync_functionRearmsWhileWaited_deletesTheNewCopyToo() {
        Harness h = new Harness(REARM.replace("cpu: 1\n    run: [ { mod_timer: wd } ]", "cpu: 1\n    run: [ { del_timer_sync: wd } ]"))
                .play("s0 t0.0 s0 s1");
        Context stop = h.top(1);
        assertThat(stop.wait).isEqualTo(Wait.TIMER_SYNC);
        while (!stop.woken) {
            h.play("s0");
        }
        assertThat(h.cpu(0).timersArmed).as("re-armed by its function").isEqualTo(1L);
        h.play("s1");
        assertThat(stop.wait).isEqualTo(Wait.NONE);
        assertThat(h.cpu(0).timersArmed).as("deleted by the second try").isZero();
        assertThat(h.can("t0.0")).isFalse();
    }

    /**
     * call_timer_fn(): a function that returns with a spinlock still held WARNs "preempt leak" and
     * has preempt_count() put back; the lock stays held, and the softirq ends with no warning of its own.
     */
    @Test
    void timerFn_returnsWithALockHeld_warnsPreemptLeakAndRestoresTheCount() {
        Harness h = new Harness("""
                scenario: a leaked lock
                cpus: 1
                locks: { L: spinlock }
                handlers:
                  wd_fn: [ { spin_lock: L } ]
                timers:
                  wd: { function: wd_fn }
                tasks:
                  - cpu: 0
                    run: [ { mod_timer: wd }, { note: after } ]
                """).play("s0 t0.0 s0 s0 s0");
        assertThat(h.events).filteredOn(e -> e.kind().equals("warn")).extracting(e -> e.text())
                .containsExactly("WARNING: timer: wd_fn preempt leak: 00000100 -> 00000101");
        assertThat(h.cpu(0).preempt).isZero();
        assertThat(h.holds("L")).isTrue();
        h.play("s0");
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.TASK);
        assertThat(h.events).filteredOn(e -> e.kind().equals("warn")).hasSize(1);
    }

    /**
     * msleep() in a timer function: schedule_debug()'s "scheduling while atomic" (SOFTIRQ_OFFSET
     * and __schedule()'s preempt_disable()), and its process_timeout timer goes on this CPU's
     * BASE_GLOBAL: behind a non-pinned function there (base->running_timer set, v6.9's
     * __run_timers() returns at once) it never expires; behind a pinned one (BASE_LOCAL) it does.
     */
    @Test
    void msleepInTimerFunction_nonPinnedNeverWakes_pinnedDoes() {
        String yaml = """
                scenario: msleep in a timer function
                cpus: 1
                handlers:
                  poll_fn: [ { msleep: 1 }, { note: read status } ]
                timers:
                  poll: { function: poll_fn, pinned: %s }
                tasks:
                  - cpu: 0
                    run: [ { mod_timer: poll }, { note: armed } ]
                """;
        Harness global = new Harness(yaml.formatted("false")).play("s0 t0.0 s0 s0");
        Harness pinned = new Harness(yaml.formatted("true")).play("s0 t0.0 s0 s0");
        for (Harness h : new Harness[] {global, pinned}) {
            assertThat(h.events).anyMatch(e -> e.text().equals("BUG: scheduling while atomic: task0/100/0x00000101"));
        }
        assertThat(global.top(0).wait).isEqualTo(Wait.TIMER_BASE_BUSY);
        assertThat(global.moves()).isEmpty();
        assertThat(global.kernel.stuck(global.state)).isTrue();
        assertThat(global.state.deadlock.explanation()).contains("softirq TIMER_SOFTIRQ sleeps forever in msleep()");
        pinned.stepWhilePossible(0);
        assertThat(pinned.state.tasks.get(0).done).isTrue();
        assertThat(pinned.kernel.stuck(pinned.state)).isFalse();
    }
}
