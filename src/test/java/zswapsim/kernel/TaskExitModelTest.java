package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The end of a task's system call: exit_to_user_mode_loop() may schedule() before
 * lockdep_sys_exit() checks the locks still held, so a task woken by the call's last op can run first.
 */
class TaskExitModelTest {
    private static String scenario(String lastOps) {
        return """
                scenario: a system call ends with a work queued
                cpus: 1
                locks: { M: mutex }
                handlers:
                  done_fn: [ { mutex_unlock: M } ]
                works:
                  done_work: done_fn
                tasks:
                  - name: caller
                    cpu: 0
                    run:
                      - mutex_lock: M
                """ + lastOps;
    }

    /** Holding a lock, the caller's return waits for a step of its own: the woken kworker may run first. */
    @Test
    void lastOpWakesAKworker_withALockHeld_theKworkerMayRunBeforeTheReturn() {
        Harness h = new Harness(scenario("      - schedule_work: done_work\n")).play("s0 s0");
        assertThat(h.state.tasks.get(0).done).isFalse();
        assertThat(h.can("w0.1")).isTrue();
        h.play("w0.1 s0 s0 s0");
        assertThat(h.state.lockdep().reports()).extracting(r -> r.kind()).containsExactly("bad-unlock-balance");
    }

    /** With nothing held no order could differ: the task returns in its last op's step. */
    @Test
    void lastOpWakesAKworker_withNoLockHeld_returnsAtOnce() {
        Harness h = new Harness(scenario("      - mutex_unlock: M\n      - schedule_work: done_work\n")).play("s0 s0 s0");
        assertThat(h.state.tasks.get(0).done).isTrue();
    }

    /**
     * A kthread's do_exit() reaches exit_signals()' percpu_down_read(), which may sleep, and
     * futex_cleanup_begin()'s mutex_lock(), a sleeping lock (the percpu rwsem has no wait type),
     * before debug_check_no_locks_held(): exiting with a spinlock held is the sleeping-function BUG
     * and an invalid wait context on the futex mutex (lockdep off: no "still has locks held!"),
     * with a mutex held it is the held-locks report alone.
     */
    @Test
    void kthreadExit_withASpinlockHeld_failsAtExitSignalsFirst_withAMutexAtTheHeldLocksCheck() {
        String yaml = """
                scenario: a kthread exits holding a lock
                cpus: 1
                locks: { L: %s }
                tasks:
                  - name: fw
                    cpu: 0
                    kthread: true
                    run: [ %s: L ]
                """;
        Harness spin = new Harness(yaml.formatted("spinlock", "spin_lock"));
        Harness mutex = new Harness(yaml.formatted("mutex", "mutex_lock"));
        for (Harness h : new Harness[] {spin, mutex}) {
            h.stepWhilePossible(0);
            assertThat(h.state.tasks.get(0).done).isTrue();
        }
        assertThat(spin.state.lockdep().reports()).extracting(r -> r.kind()).containsExactly("sleep-in-atomic", "invalid-wait-context");
        assertThat(spin.state.lockdep().reports().get(1).text()).anyMatch(l -> l.startsWith("&tsk->futex_exit_mutex"));
        assertThat(mutex.state.lockdep().reports()).extracting(r -> r.kind()).containsExactly("held-lock-at-exit");
    }

    /** Before: the report's lock was null in run --json; it names the first of the locks still held. */
    @Test
    void exitHoldingTwoMutexes_reportNamesTheFirstTaken() {
        Harness h = new Harness("""
                scenario: a kthread exits holding two mutexes
                cpus: 1
                locks: { A: mutex, B: mutex }
                tasks:
                  - name: fw
                    cpu: 0
                    kthread: true
                    run: [ mutex_lock: B, mutex_lock: A ]
                """);
        h.stepWhilePossible(0);
        assertThat(h.state.lockdep().reports()).extracting(r -> r.kind() + " " + r.lock()).containsExactly("held-lock-at-exit B");
    }
}
