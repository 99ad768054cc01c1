package zswapsim.kernel;

import java.util.List;
import zswapsim.scenario.ZswapConfig.Variant;

/**
 * The compiled mm/zswap.c functions of one variant, and the compressors the scenario names
 * (index 0 is the first pool's).
 */
record ZswapCode(Variant variant, List<String> compressors, int paramSet, int poolEmpty, int poolRelease,
                 int store, int entryFree, int load, int poolsLock, int treeLock, int initLock) {

    boolean percpuRef() {
        return variant != Variant.KREF;
    }
}
