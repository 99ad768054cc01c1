package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import zswapsim.trace.TraceEvent;

/**
 * v6.9's timer migration (kernel/time/timer.c, kernel/time/timer_migration.c): a timer_list
 * without TIMER_PINNED sits on its CPU's BASE_GLOBAL, and while that CPU idles an active CPU
 * expires it from its own TIMER_SOFTIRQ (tmigr_handle_remote() -> timer_expire_remote()).
 */
class TimerMigrationModelTest {
    /** CPU0 arms the timer and idles at once; CPU1 has work left. */
    private static final String YAML = """
            scenario: tmigr
            cpus: 2
            locks:
              L: spinlock
            handlers:
              wd_fn: [ { note: fired } ]
            timers:
              wd: { function: wd_fn }
            tasks:
              - cpu: 0
                run:
                  - mod_timer: wd
              - cpu: 1
                run:
                  - note: busy
                  - note: still busy
            """;

    private static long fired(Harness h, int cpu) {
        return h.events.stream().filter(e -> e.text().equals("note: fired") && e.cpu() == cpu).count();
    }

    /** The arming CPU idles: the other CPU's tick finds the timer and runs it in its own TIMER_SOFTIRQ, under the map there. */
    @Test
    void armingCpuIdle_otherCpuExpiresTheTimerInItsOwnTimerSoftirq() {
        Harness h = new Harness(YAML);
        assertThat(h.can("t1.0")).isFalse();
        h.play("s0");
        assertThat(h.state.tasks.get(0).done).isTrue();
        assertThat(h.can("t1.0")).isTrue();
        assertThat(h.can("t0.0")).isTrue();     // and its own CPU still may (see Timers.expirers)
        h.play("t1.0");
        assertThat(h.top(1).label).isEqualTo("TIMER_SOFTIRQ");
        h.play("s1");
        assertThat(h.cpu(0).timersArmed).isZero();     // detached from CPU0's BASE_GLOBAL
        assertThat(h.state.timers.running[0]).isEqualTo(1);
        assertThat(h.state.timers.runningBase[0]).isZero();
        assertThat(h.can("t0.0")).isFalse();
        h.play("s1");
        TraceEvent fired = h.events.stream().filter(e -> e.text().equals("note: fired")).findFirst().orElseThrow();
        assertThat(fired.cpu()).isEqualTo(1);
        assertThat(fired.context()).isEqualTo("softirq TIMER_SOFTIRQ");
        // call_timer_fn()'s map, taken in CPU1's softirq: IN-SOFTIRQ-W
        assertThat(h.state.lockdep().classes()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("(&wd)");
            assertThat(c.usage()).isEqualTo("{+.-.}");
        });
        h.play("s1 s1");
        assertThat(fired(h, 1)).isEqualTo(1);
        assertThat(fired(h, 0)).isZero();
        assertThat(h.can("t0.0") || h.can("t1.0")).isFalse();
    }

    /** A TIMER_PINNED timer stays on its CPU's BASE_LOCAL: only that CPU's tick expires it, idle or not. */
    @Test
    void pinnedTimer_isNeverExpiredByAnotherCpu() {
        Harness h = new Harness(YAML.replace("wd: { function: wd_fn }", "wd: { function: wd_fn, pinned: true }"));
        h.play("s0");
        assertThat(h.can("t1.0")).isFalse();
        assertThat(h.can("t0.0")).isTrue();
        h.play("s1 s1");
        assertThat(h.can("t1.0")).isFalse();
    }

    /** While the arming CPU has code to run (its task, or another task runnable there), only it expires the timer. */
    @Test
    void armingCpuBusy_noRemoteExpiry() {
        Harness h = new Harness(YAML.replace("      - mod_timer: wd\n", "      - mod_timer: wd\n      - note: more\n"));
        h.play("s0");
        assertThat(h.can("t1.0")).isFalse();
        assertThat(h.can("t0.0")).isTrue();
        h.play("s0");     // the task returns: CPU0 idles
        assertThat(h.can("t1.0")).isTrue();

        Harness two = new Harness(YAML.replace("      - mod_timer: wd\n",
                "      - mod_timer: wd\n  - cpu: 0\n    run:\n      - note: second task\n"));
        two.play("s0");     // the first task is done, the second is runnable: no idle
        assertThat(two.state.tasks.get(0).done).isTrue();
        assertThat(two.can("t1.0")).isFalse();
    }

    private static final String BOTH_SLEEP = """
                scenario: tmigr
                cpus: 2
                handlers:
                  wd_fn: [ { note: fired } ]
                timers:
                  wd: { function: wd_fn }
                tasks:
                  - cpu: 0
                    run:
                      - mod_timer: wd
                      - msleep: 1
                      - note: awake
                  - cpu: 1
                    run:
                      - note: busy
                      - msleep: 1
                      - note: awake
                """;

    /**
     * An idle CPU does not expire another's global timer unless it went idle last, when every CPU
     * idles (the hierarchy hands it the first global event); and the arming CPU running again
     * takes its timers back.
     */
    @Test
    void migratorMustBeActiveOrLastIdle_andTheOfferEndsWhenTheArmingCpuRunsAgain() {
        Harness h = new Harness(BOTH_SLEEP);
        h.play("s1 s1");     // CPU1 sleeps first
        h.play("s0 s0");     // CPU0 arms and sleeps: the last to go idle, it keeps its timer
        assertThat(h.can("t1.0")).isFalse();
        assertThat(h.can("t0.0")).isTrue();
        h.play("s1");        // CPU1 runs again: it is active, the migrator
        assertThat(h.can("t1.0")).isTrue();
        h.play("s0");        // CPU0 runs again: its timers are its own
        assertThat(h.can("t1.0")).isFalse();
        assertThat(h.can("t0.0")).isTrue();

        Harness last = new Harness(BOTH_SLEEP).play("s0 s0");     // CPU0 arms and sleeps first
        assertThat(last.can("t1.0")).isTrue();                      // CPU1 is active: the migrator
        last.play("s1 s1");                                          // CPU1 sleeps last
        assertThat(last.can("t1.0")).isTrue();
        assertThat(last.can("t0.0")).isTrue();
    }

    /**
     * Running remotely, the function is still its base's running timer: del_timer_sync() on the
     * arming CPU waits for it, a re-arm from it goes back on the arming CPU's base, and that base
     * expires nothing while the function runs (__run_timers() returns at once).
     */
    @Test
    void remoteRun_delTimerSyncWaits_rearmStaysOnTheBase_baseSerialized() {
        Harness h = new Harness("""
                scenario: tmigr
                cpus: 2
                handlers:
                  wd_fn:
                    - mod_timer: wd
                    - note: fired
                timers:
                  wd: { function: wd_fn }
                tasks:
                  - cpu: 0
                    run:
                      - mod_timer: wd
                      - msleep: 1
                      - del_timer_sync: wd
                  - cpu: 1
                    run:
                      - note: busy
                """);
        h.play("s0 s0 t1.0 s1 s1");     // CPU0 sleeps; CPU1 runs wd_fn, which re-arms wd
        assertThat(h.state.timers.base[0]).isZero();
        assertThat(h.state.timers.running[0]).isEqualTo(1);
        assertThat(h.cpu(0).timersArmed).isEqualTo(1L);
        assertThat(h.can("t0.0")).isFalse();     // CPU0's base runs wd on CPU1
        h.play("s0 s0");                         // CPU0 wakes, del_timer_sync(wd)
        Context stop = h.top(0);
        assertThat(stop.wait).isEqualTo(Wait.TIMER_SYNC);
        assertThat(h.cpu(0).timersArmed).isZero();     // the re-armed copy was detached
        h.play("s1 s1");                         // the function returns on CPU1
        assertThat(stop.woken).isTrue();
        assertThat(h.state.timers.running[0]).isEqualTo(-1);
    }

    /**
     * The function runs in the migrator's softirq, on top of whatever it interrupted: a plain
     * spin_lock() there of the lock the function takes spins on its own CPU, and lockdep sees
     * SOFTIRQ-ON and IN-SOFTIRQ use of it.
     */
    @Test
    void remoteRun_onTopOfTheMigratorsLockHolder_selfDeadlockThere() {
        Harness h = new Harness("""
                scenario: tmigr
                cpus: 2
                locks:
                  L: spinlock
                handlers:
                  wd_fn: [ { spin_lock: L }, { spin_unlock: L } ]
                timers:
                  wd: { function: wd_fn }
                tasks:
                  - cpu: 0
                    run:
                      - mod_timer: wd
                  - cpu: 1
                    run:
                      - spin_lock: L
                      - note: holding L
                      - spin_unlock: L
                """);
        h.play("s0 s1 t1.0 s1 s1");
        assertThat(h.state.deadlock()).isNotNull();
        assertThat(h.state.deadlock().kind()).isEqualTo(Deadlock.Kind.SELF);
        assertThat(h.state.deadlock().cpus()).containsExactly(1);
        assertThat(h.state.lockdep().reports()).extracting(r -> r.kind()).containsExactly("inconsistent-lock-state");
        assertThat(h.events.stream().map(TraceEvent::text)).anyMatch(t -> t.contains("tmigr_requires_handle_remote(): wd"));
    }
}
