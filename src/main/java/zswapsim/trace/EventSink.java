package zswapsim.trace;

/** Receives a run's events in order. The exhaustive checker runs without one. */
public interface EventSink {
    void emit(TraceEvent event);
}
