package zswapsim.lockdep;

import zswapsim.scenario.SourcePos;

/**
 * Where an event happened, in place of a kernel stack trace: the op as written, the call chain
 * that led to it (innermost first, e.g. {@code __zswap_pool_empty <- percpu_ref_call_confirm_rcu
 * <- rcu_do_batch <- RCU_SOFTIRQ}), the scenario line, and the run's step number.
 */
public record Site(String op, java.util.List<String> chain, SourcePos pos, int step) {
}
