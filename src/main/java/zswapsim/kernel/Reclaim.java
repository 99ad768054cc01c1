package zswapsim.kernel;

import zswapsim.scenario.Gfp;

/**
 * Memory allocation as lockdep and might_sleep() see it (mm/page_alloc.c, include/linux/sched/mm.h):
 * might_alloc() takes and releases the {@code fs_reclaim} map when the allocation may enter direct
 * reclaim, then might_sleep()s if it may block. Reclaim itself runs under the map
 * (fs_reclaim_acquire()), so a lock held across a GFP_KERNEL allocation and also taken in reclaim
 * is a circular dependency through fs_reclaim.
 */
final class Reclaim {
    /** __fs_reclaim_map: STATIC_LOCKDEP_MAP_INIT("fs_reclaim", ...), wait types {0:0}. */
    static final String FS_RECLAIM_MAP = "fs_reclaim";

    private Reclaim() {
    }

    /** kmalloc(gfp): slab_pre_alloc_hook() -> might_alloc(). */
    static void mightAlloc(Machine m, Gfp gfp, String op) {
        if (gfp.directReclaim()) {
            LockMaps.acquire(m, FS_RECLAIM_MAP, "fs_reclaim_acquire");
            LockMaps.release(m, FS_RECLAIM_MAP, "fs_reclaim_release");
            Executor.mightSleep(m, op);
        }
    }

    /** fs_reclaim_acquire(gfp): enter reclaim as the allocator would (only if gfp may reclaim). */
    static void acquire(Machine m, Gfp gfp, String op) {
        if (gfp.directReclaim()) {
            LockMaps.acquire(m, FS_RECLAIM_MAP, op);
        }
    }

    static void release(Machine m, Gfp gfp, String op) {
        if (gfp.directReclaim()) {
            LockMaps.release(m, FS_RECLAIM_MAP, op);
        }
    }
}
