package zswapsim.kernel;

import java.util.List;
import zswapsim.scenario.ZswapConfig.Variant;

/**
 * The compiled mm/zswap.c functions of one variant, and the compressors the scenario names
 * (index 0 is the first pool's).
 */
record ZswapCode(Variant variant, List<String> compressors, int paramSet, int poolEmpty, int poolRelease,
                 int store, int entryFree, int load, int poolsLock, int treeLock, int initLock, int acompMutexes) {

    /** The compression mutex of CPU {@code cpu}'s acomp_ctx: one instance per CPU, locks {@code acompMutexes..}. */
    int acompMutex(int cpu) {
        return acompMutexes + cpu;
    }

    boolean percpuRef() {
        return variant != Variant.KREF;
    }
}
