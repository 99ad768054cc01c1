package zswapsim.explore;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import javax.management.NotificationEmitter;

/**
 * Watches the heap the way the garbage collector sees it: after a collection, is a pool that
 * holds long-lived objects still more than {@link #FULL} full? Then the JVM is about to spend
 * its time collecting in vain and fail. The checker polls {@link #low()} and stops its search
 * (incomplete) while it can still report; the command line, once started, ends other commands.
 */
public final class MemoryWatch {
    /** The share of a pool that may stay in use after a collection. */
    public static final double FULL = 0.85;
    /** A loop polls {@link #low()} when its count has these bits clear: every 4,096 states. */
    public static final int POLL_MASK = 0xFFF;

    private static volatile List<MemoryPoolMXBean> watched = List.of();

    private MemoryWatch() {
    }

    /**
     * Starts watching; {@code whenLow} runs (on a JMX thread) each time a collection leaves a
     * pool more than {@link #FULL} full.
     */
    public static synchronized void start(Runnable whenLow) {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()
                        && p.getUsage().getMax() > 0)
                .toList();
        // A young pool (a survivor space) is often nearly full after a collection, by design:
        // where the collector names its old generation, only that one says the heap is full.
        List<MemoryPoolMXBean> old = heap.stream().filter(MemoryWatch::holdsLongLived).toList();
        List<MemoryPoolMXBean> pools = old.isEmpty() ? heap : old;
        pools.forEach(p -> p.setCollectionUsageThreshold((long) (p.getUsage().getMax() * FULL)));
        ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener((n, handback) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType())) {
                whenLow.run();
            }
        }, null, null);
        watched = pools;
    }

    /** G1 Old Gen, PS Old Gen, Tenured Gen (Serial), ZGC Old Generation. */
    private static boolean holdsLongLived(MemoryPoolMXBean p) {
        return p.getName().contains("Old") || p.getName().contains("Tenured");
    }

    /** Whether the last collection left a watched pool more than {@link #FULL} full (false until started). */
    public static boolean low() {
        for (MemoryPoolMXBean p : watched) {
            if (p.isCollectionUsageThresholdExceeded()) {
                return true;
            }
        }
        return false;
    }
}
