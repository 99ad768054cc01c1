package zswapsim.scenario;

/** Where RCU callbacks run: RCU_SOFTIRQ (the default) or an rcuo kthread with BH disabled. */
public enum RcuConfig {
    SOFTIRQ, OFFLOADED
}
