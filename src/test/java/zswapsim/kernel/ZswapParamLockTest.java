package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import zswapsim.explore.CheckResult;

/**
 * kernel/params.c param_attr_store() holds param_lock around __zswap_param_set(), which takes
 * zswap_init_lock: a code path that takes them the other way round is an ABBA with a single
 * writer too (round 40's 626).
 */
class ZswapParamLockTest {
    private static final String YAML = """
            scenario: one compressor writer, and a tuner
            cpus: 2
            zswap: { variant: percpu_ref_bh, compressor: lzo }
            tasks:
              - name: sysfs-writer
                cpu: 0
                run: [ { zswap_param_set: zstd } ]
              - name: tuner
                cpu: 1
                run: [ { mutex_lock: zswap_init_lock }, %s, { mutex_unlock: zswap_init_lock } ]
            """;

    private static CheckResult check(String tunerOps) {
        return Harness.check(YAML.formatted(tunerOps));
    }

    @Test
    void singleWriter_tunerTakesParamLockUnderInitLock_isCircularAndDeadlocks() {
        CheckResult r = check("{ mutex_lock: param_lock }, { mutex_unlock: param_lock }");
        assertThat(r.deadlockPossible()).isTrue();
        assertThat(r.lockdepKinds()).containsExactly("circular-locking");
    }

    /** Named by nothing else, the uncontended param_lock is left out: no class, no report. */
    @Test
    void singleWriter_paramLockNamedByNothingElse_isLeftOut() {
        CheckResult r = check("{ note: reads the pool list }");
        assertThat(r.deadlockPossible()).isFalse();
        assertThat(r.lockdepKinds()).isEmpty();
        Harness h = new Harness(YAML.formatted("{ note: reads the pool list }")).runFirst(200);
        assertThat(h.state.lockdep().classes()).noneMatch(c -> c.name().equals("param_lock"))
                .anyMatch(c -> c.name().equals("zswap_init_lock"));
    }
}
