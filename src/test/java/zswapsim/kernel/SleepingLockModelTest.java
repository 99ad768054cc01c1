package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who gets a sleeping lock (rwsem, mutex) when it is released, and when. */
class SleepingLockModelTest {

    /**
     * up_write() with the queue [reader, writer, reader]: rwsem_mark_wake() grants both readers,
     * the second past the waiting writer, which keeps waiting for them.
     */
    @Test
    void upWrite_readerFirstInQueue_grantsEveryQueuedReaderPastTheWriter() {
        Harness h = new Harness("""
                scenario: batch wake-up
                cpus: 4
                locks: { S: rwsem }
                tasks:
                  - { cpu: 0, run: [ { down_write: S }, { up_write: S } ] }
                  - { cpu: 1, run: [ { down_read: S }, { up_read: S } ] }
                  - { cpu: 2, run: [ { down_write: S }, { up_write: S } ] }
                  - { cpu: 3, run: [ { down_read: S }, { up_read: S } ] }
                """).play("s0 s1 s2 s3");
        assertThat(h.top(3).wait).isEqualTo(Wait.LOCK);
        h.play("s0");
        assertThat(h.top(1).woken).isTrue();
        assertThat(h.top(3).woken).isTrue();
        assertThat(h.top(2).woken).isFalse();
        assertThat(h.state.locks[0].readers).hasSize(2);
        h.play("s1 s3 s1 s3");
        assertThat(h.top(2).woken).isTrue();
    }

    /**
     * mutex_unlock() leaves the mutex free and only wakes the first waiter: a mutex_trylock() on
     * another CPU takes it first, the waiter's retry fails and sets MUTEX_FLAG_HANDOFF, and the
     * thief's unlock then hands the mutex to the waiter directly.
     */
    @Test
    void mutexUnlock_wakesTheWaiter_aTrylockStealsIt_thenTheNextUnlockHandsItOver() {
        Harness h = new Harness("""
                scenario: steal and handoff
                cpus: 3
                locks: { M: mutex }
                tasks:
                  - { cpu: 0, run: [ { mutex_lock: M }, { mutex_unlock: M } ] }
                  - { cpu: 1, run: [ { mutex_lock: M }, { mutex_unlock: M } ] }
                  - cpu: 2
                    run:
                      - if: { mutex_trylock: M }
                        then: [ { note: stolen }, { mutex_unlock: M } ]
                """).play("s0 s1 s0");
        assertThat(h.top(1).woken).isTrue();
        assertThat(h.holds("M")).isFalse();
        h.play("s2");
        assertThat(h.state.locks[0].owner).isEqualTo(2);
        h.play("s1");
        assertThat(h.top(1).wait).isEqualTo(Wait.LOCK);
        assertThat(h.top(1).woken).isFalse();
        h.play("s2 s2");
        assertThat(h.state.locks[0].owner).isEqualTo(1);
        assertThat(h.top(1).woken).isTrue();
        h.play("s1 s1");
        assertThat(h.holds("M")).isFalse();
        assertThat(h.moves()).isEmpty();
    }

    /**
     * up_write() with a writer first in the queue only wakes it (rwsem_mark_wake()): a down_read()
     * on another CPU steals the free rwsem (rwsem_down_read_slowpath()'s lock stealing), the
     * writer's retry fails and sets RWSEM_FLAG_HANDOFF, and the reader's up_read() then gives the
     * rwsem to the writer, ahead of a second reader queued behind it.
     */
    @Test
    void upWrite_writerFirstInQueue_wakesIt_aReaderStealsTheFreeRwsem_thenHandoff() {
        Harness h = new Harness("""
                scenario: reader steals from a woken writer
                cpus: 4
                locks: { S: rwsem }
                tasks:
                  - { cpu: 0, run: [ { down_write: S }, { up_write: S } ] }
                  - { cpu: 1, run: [ { down_write: S }, { up_write: S } ] }
                  - { cpu: 2, run: [ { down_read: S }, { note: reading }, { up_read: S } ] }
                  - { cpu: 3, run: [ { down_read: S }, { up_read: S } ] }
                """).play("s0 s1 s0");
        assertThat(h.top(1).woken).isTrue();
        assertThat(h.state.locks[0].free()).isTrue();
        h.play("s2");
        assertThat(h.state.locks[0].readers).hasSize(1);
        h.play("s1");
        assertThat(h.top(1).wait).isEqualTo(Wait.LOCK);
        assertThat(h.state.locks[0].handoff).isTrue();
        h.play("s3");
        assertThat(h.top(3).wait).isEqualTo(Wait.LOCK);      // a reader holds it: queued behind the writer
        h.play("s2 s2");
        assertThat(h.state.locks[0].owner).isEqualTo(1);
    }
}
