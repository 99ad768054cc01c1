package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * RCU's part of the fingerprint holds grace periods relative to the last completed one and
 * callback numbers by rank, so that the same queues some grace periods later are one state.
 */
class RcuFingerprintTest {

    /** One CPU's RCU state: grace periods up to {@code completed} done, then the given callbacks queued. */
    private static RcuState rcu(long completed, boolean running, int firstSeq, long... gps) {
        RcuState r = new RcuState(1);
        r.completed = completed;
        r.started = completed + (running ? 1 : 0);
        r.nextSeq = firstSeq;
        for (long gp : gps) {
            r.enqueue(0, new Callback(7, 0, r.nextSeq++, gp));
        }
        return r;
    }

    private static long hash(RcuState r) {
        Fingerprint f = new Fingerprint();
        r.hash(f, Relabel.IDENTITY);
        r.hashCpu(f, 0, Relabel.IDENTITY);
        return f.value();
    }

    @Test
    void theSameQueuesLater_hashAlike() {
        assertThat(hash(rcu(5, true, 9, 6, 7))).isEqualTo(hash(rcu(1, true, 2, 2, 3)));
    }

    @Test
    void callbacksWaitingForDifferentGracePeriods_hashApart() {
        assertThat(hash(rcu(5, true, 9, 6, 7))).isNotEqualTo(hash(rcu(5, true, 9, 7, 7)));
    }

    @Test
    void aRunningGracePeriod_hashesApartFromNone() {
        assertThat(hash(rcu(5, true, 9, 6))).isNotEqualTo(hash(rcu(5, false, 9, 6)));
    }

    /** A ready callback is ready, however many grace periods ago it became so. */
    @Test
    void readyCallbacks_hashAlikeWhateverTheirGracePeriod() {
        assertThat(hash(rcu(5, false, 9, 3))).isEqualTo(hash(rcu(5, false, 9, 5)));
    }
}
