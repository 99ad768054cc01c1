package zswapsim.kernel;

import java.util.ArrayList;

/**
 * system_wq: schedule_work() queues on the local CPU's kworker; flush_work() waits for the item.
 * Lockdep sees work as the kernel annotates it: process_one_work() holds the workqueue's and the
 * work item's lockdep maps around the function, and flush_work() takes the work's map, so that
 * "hold M, flush a work that takes M" is a circular dependency.
 */
final class Workqueues {
    static final String WQ_MAP = "(wq_completion)events";

    private Workqueues() {
    }

    /** The name INIT_WORK() gives the work's lockdep map: the stringified work_struct expression. */
    static String workMap(Program p, int block) {
        if (p.zswap != null && block == p.zswap.poolRelease()) {
            return "(work_completion)(&pool->release_work)";
        }
        return "(work_completion)(" + p.block(block).function() + ")";
    }

    private static void mapAcquire(Machine m, String map, String op) {
        m.state.lockdep.acquire(m.lockdepTask(), m.irqState(), map, map, 0, false, m.site(op));
    }

    private static void mapRelease(Machine m, String map, String op) {
        m.state.lockdep.release(m.lockdepTask(), m.irqState(), map, map, m.site(op));
    }

    /** __flush_work(): lock_map_acquire(&work->lockdep_map); lock_map_release(...), before waiting. */
    static void flushAnnotation(Machine m, int block) {
        String map = workMap(m.program, block);
        mapAcquire(m, map, "flush_work");
        mapRelease(m, map, "flush_work");
    }

    /** schedule_work(): false (and nothing queued) if the item is already pending. */
    static boolean schedule(Machine m, int block, int arg) {
        if (pending(m.state, block, arg)) {
            m.change(m.program.block(block).function() + " already pending");
            return false;
        }
        m.state.work.get(m.cpu).add(new long[] {block, arg});
        m.change("work " + m.program.block(block).function() + " queued on CPU" + m.cpu);
        return true;
    }

    static boolean pending(KernelState s, int block, int arg) {
        for (ArrayList<long[]> q : s.work) {
            for (long[] item : q) {
                if (item[0] == block && item[1] == arg) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean busy(KernelState s, int block) {
        for (int c = 0; c < s.cpus.length; c++) {
            if (s.running[c] != null && s.running[c][0] == block) {
                return true;
            }
            for (long[] item : s.work.get(c)) {
                if (item[0] == block) {
                    return true;
                }
            }
        }
        return false;
    }

    /** process_one_work(): the kworker takes the oldest item and calls it. */
    static void runNext(Machine m, Context ctx) {
        long[] item = m.state.work.get(m.cpu).remove(0);
        m.state.running[m.cpu] = item;
        mapAcquire(m, WQ_MAP, "process_one_work");
        mapAcquire(m, workMap(m.program, (int) item[0]), "process_one_work");
        ctx.push(Frame.call((int) item[0], (int) item[1]));
        m.change("run " + m.program.block((int) item[0]).function());
    }

    static void done(Machine m) {
        mapRelease(m, workMap(m.program, (int) m.state.running[m.cpu][0]), "process_one_work");
        mapRelease(m, WQ_MAP, "process_one_work");
        m.state.running[m.cpu] = null;
    }
}
