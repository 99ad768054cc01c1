package zswapsim.kernel;

import java.util.ArrayList;

/** system_wq: schedule_work() queues on the local CPU's kworker; flush_work() waits for the item. */
final class Workqueues {
    private Workqueues() {
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
        ctx.push(Frame.call((int) item[0], (int) item[1]));
        m.change("run " + m.program.block((int) item[0]).function());
    }

    static void done(Machine m) {
        m.state.running[m.cpu] = null;
    }
}
