package zswapsim.report;

/**
 * A big, deadlock-free workload for the report's scale figures: every CPU runs a task that loops
 * over plain, _bh and _irqsave spinlocks, RCU readers and call_rcu(), while hardirqs and softirqs
 * arrive. Locks are taken in one global order (A* before B, released crosswise) and irq-context locks
 * only with the matching protection, so the run goes on until the step limit.
 */
final class ScaleScenario {
    private ScaleScenario() {
    }

    static String yaml(int cpus, int rounds) {
        StringBuilder b = new StringBuilder();
        b.append("scenario: ").append(cpus).append(" CPUs taking and releasing locks in loops (report scale test)\n");
        b.append("about: |\n  Every CPU loops over **spinlocks**, `spin_lock_bh`, `spin_lock_irqsave`, RCU readers and\n")
                .append("  `call_rcu()`, while hardirqs and softirqs arrive.\n");
        b.append("cpus: ").append(cpus).append('\n');
        b.append("locks: { A0: spinlock, A1: spinlock, A2: spinlock, A3: spinlock, B: spinlock, C: spinlock, D: spinlock, E: spinlock }\n");
        b.append("""
                handlers:
                  irq_handler: [spin_lock: D, spin_unlock: D]
                  tasklet: [spin_lock: C, spin_unlock: C]
                  rcu_cb: [spin_lock: E, spin_unlock: E]
                interrupts:
                  - hardirq: irq_handler
                    times: 4
                  - softirq: tasklet
                    times: 4
                tasks:
                """);
        for (int c = 0; c < cpus; c++) {
            b.append("  - name: worker").append(c).append("\n    cpu: ").append(c).append("\n    run:\n");
            for (int r = 0; r < rounds; r++) {
                String a = "A" + (c + r) % 4;
                for (String op : new String[] {"spin_lock: " + a, "spin_lock: B", "spin_unlock: " + a, "spin_unlock: B",
                        "local_bh_disable", "spin_lock: C", "spin_unlock: C", "local_bh_enable",
                        "spin_lock_irqsave: D", "spin_unlock_irqrestore: D", "rcu_read_lock", "rcu_read_unlock",
                        "spin_lock_bh: E", "spin_unlock_bh: E"}) {
                    b.append("      - ").append(op).append('\n');
                }
                if (r % 4 == 0) {
                    b.append("      - call_rcu: rcu_cb\n");
                }
            }
        }
        return b.toString();
    }
}
