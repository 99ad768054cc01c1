package zswapsim.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The softirq vectors (include/linux/interrupt.h: NR_SOFTIRQS is 10, in this order) and which
 * scenario handler runs in each. The model's own handlers take theirs first: RCU_SOFTIRQ always
 * (rcu_core), TIMER_SOFTIRQ with timers or delayed works (run_timer_softirq), TASKLET_SOFTIRQ with tasklets
 * (tasklet_action), HRTIMER_SOFTIRQ with soft hrtimers (hrtimer_run_softirq); then the handlers whose interrupt names a {@code vector:}; then every other
 * softirq handler takes the lowest free vector, in the order the file first uses it (handlers,
 * tasks, interrupts). More than ten is an input error, as the kernel has no eleventh.
 */
public final class SoftirqVectors {
    public static final List<String> NAMES =
            List.of("HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED", "HRTIMER", "RCU");
    public static final int NR_SOFTIRQS = NAMES.size();
    public static final int TIMER = NAMES.indexOf("TIMER");
    public static final int TASKLET = NAMES.indexOf("TASKLET");
    public static final int HRTIMER = NAMES.indexOf("HRTIMER");
    public static final int RCU = NAMES.indexOf("RCU");

    private SoftirqVectors() {
    }

    /** Does the scenario schedule tasklets (so TASKLET_SOFTIRQ runs tasklet_action)? */
    public static boolean usesTasklets(Scenario s) {
        boolean[] found = {false};
        forEachOp(s, op -> found[0] |= op.kind() == OpKind.TASKLET_SCHEDULE);
        return found[0];
    }

    /** Each softirq handler's vector, in the order they were given one; throws on a conflict or an eleventh. */
    public static Map<String, Integer> assign(Scenario s) {
        String[] owner = new String[NR_SOFTIRQS];
        owner[RCU] = "RCU callbacks (rcu_core)";
        if (!s.timers().isEmpty() || s.works().values().stream().anyMatch(WorkDecl::delayed)) {
            owner[TIMER] = "the timers (run_timer_softirq)";
        }
        if (usesTasklets(s)) {
            owner[TASKLET] = "the tasklets (tasklet_action)";
        }
        if (s.hrtimers().values().stream().anyMatch(h -> h.mode() == HrtimerDecl.Mode.SOFT)) {
            owner[HRTIMER] = "the soft hrtimers (hrtimer_run_softirq)";
        }
        Map<String, Integer> vectors = new LinkedHashMap<>();
        for (InterruptDecl irq : s.interrupts()) {
            if (irq.vector() != null) {
                name(irq, NAMES.indexOf(irq.vector()), owner, vectors);
            }
        }
        List<Use> uses = new ArrayList<>();
        forEachOp(s, op -> {
            if (op.kind() == OpKind.RAISE_SOFTIRQ) {
                uses.add(new Use(op.name(), op.pos()));
            }
        });
        for (InterruptDecl irq : s.interrupts()) {
            if (irq.kind() == InterruptDecl.Kind.SOFTIRQ) {
                uses.add(new Use(irq.handler(), irq.pos()));
            }
        }
        for (Use use : uses) {
            if (vectors.containsKey(use.handler())) {
                continue;
            }
            int free = Arrays.asList(owner).indexOf(null);
            if (free < 0) {
                throw new ScenarioException(use.pos(), "softirq handler " + YamlNodes.quote(use.handler())
                        + " needs an eleventh softirq vector: the kernel has " + NR_SOFTIRQS + " (" + String.join(", ", NAMES)
                        + ") and they are taken by " + String.join(", ", owner));
            }
            owner[free] = "handler " + YamlNodes.quote(use.handler());
            vectors.put(use.handler(), free);
        }
        return Collections.unmodifiableMap(vectors);
    }

    private record Use(String handler, SourcePos pos) {
    }

    private static void name(InterruptDecl irq, int vector, String[] owner, Map<String, Integer> vectors) {
        Integer already = vectors.get(irq.handler());
        if (already != null && already != vector) {
            throw new ScenarioException(irq.pos(), "softirq handler " + YamlNodes.quote(irq.handler())
                    + " is already on vector " + NAMES.get(already) + "; a handler runs in one vector");
        }
        String mine = "handler " + YamlNodes.quote(irq.handler());
        if (owner[vector] != null && !owner[vector].equals(mine)) {
            throw new ScenarioException(irq.pos(), "vector " + NAMES.get(vector) + " already runs " + owner[vector]
                    + " (open_softirq() gives a vector one action)");
        }
        owner[vector] = mine;
        vectors.put(irq.handler(), vector);
    }

    /** Every op of the scenario, handlers first, then tasks, with the bodies of in_*irq: and if: inside. */
    private static void forEachOp(Scenario s, Consumer<Op> visit) {
        s.handlers().values().forEach(ops -> forEach(ops, visit));
        s.tasks().forEach(t -> forEach(t.run(), visit));
    }

    private static void forEach(List<Op> ops, Consumer<Op> visit) {
        for (Op op : ops) {
            visit.accept(op);
            forEach(op.body(), visit);
            if (op.branch() != null) {
                forEach(op.branch().orElse(), visit);
            }
        }
    }
}
