package zswapsim.scenario;

import java.util.List;

/** Asynchronous arrivals the scheduler may inject: a softirq or hardirq running {@code handler}. */
public record InterruptDecl(Kind kind, String handler, List<Integer> cpus, int times, SourcePos pos) {
    public enum Kind { SOFTIRQ, HARDIRQ }
}
