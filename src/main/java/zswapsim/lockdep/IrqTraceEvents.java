package zswapsim.lockdep;

/**
 * {@code struct irqtrace_events}: a task's last irq/BH transitions, each numbered by a per-task
 * counter, for the "irq event stamp" block of reports. Only report text depends on it.
 */
final class IrqTraceEvents {
    int irqEvents;
    int hardirqEnableEvent;
    Site hardirqEnableIp;
    int hardirqDisableEvent;
    Site hardirqDisableIp;
    int softirqEnableEvent;
    Site softirqEnableIp;
    int softirqDisableEvent;
    Site softirqDisableIp;

    void hardirqsOn(Site ip) {
        hardirqEnableIp = ip;
        hardirqEnableEvent = ++irqEvents;
    }

    void hardirqsOff(Site ip) {
        hardirqDisableIp = ip;
        hardirqDisableEvent = ++irqEvents;
    }

    void softirqsOn(Site ip) {
        softirqEnableIp = ip;
        softirqEnableEvent = ++irqEvents;
    }

    void softirqsOff(Site ip) {
        softirqDisableIp = ip;
        softirqDisableEvent = ++irqEvents;
    }

    IrqTraceEvents copy() {
        IrqTraceEvents c = new IrqTraceEvents();
        c.irqEvents = irqEvents;
        c.hardirqEnableEvent = hardirqEnableEvent;
        c.hardirqEnableIp = hardirqEnableIp;
        c.hardirqDisableEvent = hardirqDisableEvent;
        c.hardirqDisableIp = hardirqDisableIp;
        c.softirqEnableEvent = softirqEnableEvent;
        c.softirqEnableIp = softirqEnableIp;
        c.softirqDisableEvent = softirqDisableEvent;
        c.softirqDisableIp = softirqDisableIp;
        return c;
    }
}
