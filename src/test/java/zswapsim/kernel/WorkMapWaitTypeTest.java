package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Work and workqueue lockdep maps are lockdep_init_map()'d: they print wait types {0:0}, locks {2:2}/{3:3}. */
class WorkMapWaitTypeTest {

    @Test
    void flushWorkUnderMutex_splat_printsTheWorkMapWithWaitTypeZero() {
        Harness h = new Harness("""
                scenario: flush under mutex
                cpus: 1
                locks: { M: mutex }
                handlers:
                  w: [ { mutex_lock: M }, { mutex_unlock: M } ]
                tasks:
                  - cpu: 0
                    run: [ { schedule_work: w }, { mutex_lock: M }, { flush_work: w }, { mutex_unlock: M } ]
                """).play("s0 s0 s0");     // queued, M taken, flush_work() of the pending work
        while (h.state.lockdep().reports().isEmpty() && !h.moves().isEmpty()) {
            h.play(h.moves().get(0).token());
        }
        var reports = h.state.lockdep().reports();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).text()).anySatisfy(l -> assertThat(l).startsWith("-> #1 ((work_completion)(w)){+.+.}-{0:0}:"));
        assertThat(reports.get(0).text()).anySatisfy(l -> assertThat(l).startsWith("-> #0 (M){+.+.}-{3:3}:"));
    }
}
