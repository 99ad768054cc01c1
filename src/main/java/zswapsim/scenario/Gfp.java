package zswapsim.scenario;

import java.util.Arrays;
import java.util.List;

/**
 * The allocation flags a {@code kmalloc:} may name (include/linux/gfp_types.h). Only GFP_KERNEL has
 * __GFP_DIRECT_RECLAIM (and __GFP_FS): it may enter reclaim, so might_alloc() takes the fs_reclaim
 * map and might_sleep()s; GFP_ATOMIC and GFP_NOWAIT only wake kswapd and never sleep.
 */
public enum Gfp {
    GFP_KERNEL(true), GFP_ATOMIC(false), GFP_NOWAIT(false);

    /** The spellings a scenario may use, in this order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Enum::name).toList();

    private final boolean directReclaim;

    Gfp(boolean directReclaim) {
        this.directReclaim = directReclaim;
    }

    /** gfpflags_allow_blocking() and __need_reclaim() with __GFP_FS: the allocation may reclaim, and sleep. */
    public boolean directReclaim() {
        return directReclaim;
    }
}
