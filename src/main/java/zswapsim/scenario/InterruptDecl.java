package zswapsim.scenario;

import java.util.List;

/**
 * Asynchronous arrivals the scheduler may inject: a softirq or hardirq running {@code handler}.
 * {@code thread} is a threaded irq's thread function (request_threaded_irq()), null otherwise;
 * {@code vector} the softirq vector a softirq names ({@code NET_RX}), null when left to the model.
 */
public record InterruptDecl(Kind kind, String handler, List<Integer> cpus, int times, SourcePos pos, String thread,
                            String vector) {
    public enum Kind { SOFTIRQ, HARDIRQ }

    public InterruptDecl(Kind kind, String handler, List<Integer> cpus, int times, SourcePos pos) {
        this(kind, handler, cpus, times, pos, null, null);
    }
}
