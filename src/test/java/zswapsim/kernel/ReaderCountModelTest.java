package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A read-write lock's word counts readers, not who they are: queued_read_unlock() and __up_read()
 * take one reader off whoever calls them, so a read unlock too many leaves a count that no writer
 * gets past; and an rwsem's __up_write() takes the writer bit off whatever the count holds, so
 * an up_write() too many leaves it set for good.
 */
class ReaderCountModelTest {

    /** up_read() twice: the count is -1, a writer sleeps forever, and readers still get in. */
    @Test
    void upReadTwice_writerSleepsForever_readersStillTakeIt() {
        Harness h = new Harness("""
                scenario: up_read twice
                cpus: 3
                locks: { S: rwsem }
                tasks:
                  - { cpu: 0, run: [ { down_read: S }, { up_read: S }, { up_read: S } ] }
                  - { cpu: 1, run: [ { down_write: S }, { up_write: S } ] }
                  - { cpu: 2, run: [ { down_read: S }, { up_read: S } ] }
                """).play("s0 s0 s0");
        assertThat(h.events.stream().flatMap(e -> e.changes().stream())).contains("S was not read-held here: the lock word counts -1 readers");
        h.play("s1");
        assertThat(h.top(1).wait).isEqualTo(Wait.LOCK);
        h.play("s2");
        assertThat(h.state.locks[0].readers).hasSize(1);
        h.play("s2");
        assertThat(h.top(1).woken).isFalse();
        assertThat(h.state.locks[0].writable()).isFalse();
    }

    /** Two readers, one unlocks twice: the count reaches 0 while the other still reads, and a writer takes the rwlock. */
    @Test
    void readUnlockTooMany_countReachesZero_writerTakesItBesideTheOtherReader() {
        Harness h = new Harness("""
                scenario: read_unlock twice beside another reader
                cpus: 3
                locks: { L: rwlock }
                tasks:
                  - { cpu: 0, run: [ { read_lock: L }, { read_unlock: L }, { read_unlock: L } ] }
                  - { cpu: 1, run: [ { read_lock: L }, { note: reading }, { read_unlock: L } ] }
                  - { cpu: 2, run: [ { write_lock: L }, { write_unlock: L } ] }
                """).play("s0 s1 s2");
        assertThat(h.top(2).wait).isEqualTo(Wait.SPIN);
        h.play("s0");
        assertThat(h.top(2).woken).isFalse();
        h.play("s0");
        assertThat(h.top(2).woken).isTrue();
        assertThat(h.state.locks[0].readers).hasSize(1);
    }

    /**
     * Before: the second up_write() was only noted ("S was not held") and a reader then took the
     * rwsem. __up_write() leaves the count at -1, the writer bit set: readers and writers sleep.
     */
    @Test
    void upWriteTwice_noReaderNorWriterGetsItAgain() {
        Harness h = new Harness("""
                scenario: up_write twice
                cpus: 3
                locks: { S: rwsem }
                tasks:
                  - { cpu: 0, run: [ { down_write: S }, { up_write: S }, { up_write: S } ] }
                  - { cpu: 1, run: [ { down_read: S }, { up_read: S } ] }
                  - { cpu: 2, run: [ { down_write: S }, { up_write: S } ] }
                """).play("s0 s0 s0");
        assertThat(h.events.stream().flatMap(e -> e.changes().stream())).contains("S was not write-held: __up_write() took"
                + " RWSEM_WRITER_LOCKED off the count all the same, which now keeps it set: no one gets S again");
        h.play("s1 s2");
        assertThat(h.top(1).wait).isEqualTo(Wait.LOCK);
        assertThat(h.top(2).wait).isEqualTo(Wait.LOCK);
        assertThat(h.state.locks[0].readers).isEmpty();
        assertThat(h.state.locks[0].owner).isEqualTo(-1);
    }

    /** A stray up_write() on a write-held rwsem frees it (the count goes to 0); the owner's own up_write() then breaks it. */
    @Test
    void upWriteByAnotherContext_freesIt_theOwnersUpWriteBreaksIt() {
        Harness h = new Harness("""
                scenario: up_write by a task that did not take it
                cpus: 3
                locks: { S: rwsem }
                tasks:
                  - { cpu: 0, run: [ { down_write: S }, { note: writing }, { up_write: S } ] }
                  - { cpu: 1, run: [ { up_write: S } ] }
                  - { cpu: 2, run: [ { down_read: S }, { up_read: S } ] }
                """).play("s0 s1");
        assertThat(h.state.locks[0].free()).isTrue();
        h.play("s0 s0");
        assertThat(h.state.locks[0].free()).isFalse();
        h.play("s2");
        assertThat(h.top(2).wait).isEqualTo(Wait.LOCK);
    }
}
