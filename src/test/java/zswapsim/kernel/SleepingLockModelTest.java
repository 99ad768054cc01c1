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
}
