package zswapsim.kernel;

import zswapsim.scenario.Gfp;

/**
 * Memory allocation as lockdep and might_sleep() see it (mm/page_alloc.c, include/linux/sched/mm.h):
 * might_alloc() takes and releases the {@code fs_reclaim} map when the allocation may enter direct
 * reclaim, then might_sleep()s if it may block. Reclaim itself runs under the map
 * (fs_reclaim_acquire()), so a lock held across a GFP_KERNEL allocation and also taken in reclaim
 * is a circular dependency through fs_reclaim. Reclaim runs with PF_MEMALLOC (kswapd always;
 * __perform_reclaim()'s memalloc_noreclaim_save()), for which __need_reclaim() is false: an
 * allocation or a nested fs_reclaim_acquire() inside reclaim takes no map.
 */
final class Reclaim {
    /** __fs_reclaim_map: STATIC_LOCKDEP_MAP_INIT("fs_reclaim", ...), wait types {0:0}. */
    static final String FS_RECLAIM_MAP = "fs_reclaim";

    private Reclaim() {
    }

    /** kmalloc(gfp): slab_pre_alloc_hook() -> might_alloc(). */
    static void mightAlloc(Machine m, Gfp gfp, String op) {
        if (gfp.directReclaim()) {
            if (!inReclaim(reclaimer(m))) {
                LockMaps.acquire(m, FS_RECLAIM_MAP, "fs_reclaim_acquire");
                LockMaps.release(m, FS_RECLAIM_MAP, "fs_reclaim_release");
            }
            Executor.mightSleep(m, op);
        }
    }

    /** fs_reclaim_acquire(gfp): enter reclaim as the allocator would (only if gfp may reclaim). */
    static void acquire(Machine m, Gfp gfp, String op) {
        if (gfp.directReclaim()) {
            TaskState t = reclaimer(m);
            if (!inReclaim(t)) {
                LockMaps.acquire(m, FS_RECLAIM_MAP, op);
            }
            if (t != null) {
                t.memalloc++;
            }
        }
    }

    /** fs_reclaim_release(gfp): the outermost section's releases the map; one with none open is lockdep's to report. */
    static void release(Machine m, Gfp gfp, String op) {
        if (gfp.directReclaim()) {
            TaskState t = reclaimer(m);
            if (inReclaim(t)) {
                t.memalloc--;
                if (t.memalloc > 0) {
                    return;
                }
            }
            LockMaps.release(m, FS_RECLAIM_MAP, op);
        }
    }

    /** PF_MEMALLOC: __need_reclaim() is false, so no fs_reclaim map is taken. */
    private static boolean inReclaim(TaskState t) {
        return t != null && t.memalloc > 0;
    }

    /** current, whose PF_MEMALLOC it is (null on an idle CPU: swapper). */
    private static TaskState reclaimer(Machine m) {
        return m.cpuState().current < 0 ? null : m.currentTask();
    }
}
