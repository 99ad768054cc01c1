package zswapsim.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code workqueue}: system_wq as an actor. schedule_work() queues on the calling CPU's pool and
 * wakes its kworker; the kworker asks for its next item, runs it, and reports it done, which
 * wakes the flush_work() callers waiting for it. Lockdep sees work as the kernel annotates it
 * (the CPU-side helpers at the bottom): process_one_work() holds the workqueue's and the work
 * item's lockdep maps around the function, and flush_work() takes the work's map, so that "hold
 * M, flush a work that takes M" is a circular dependency.
 */
final class Workqueues {
    static final String WQ_MAP = "(wq_completion)events";

    private Workqueues() {
    }

    /** schedule_work() on CPU {@code cpu}: queue the item there unless it is already pending. */
    record ScheduleWork(int cpu, int block, int arg) implements Message {
    }

    /** __flush_work(): wait until the item of {@code block} is neither pending nor running. */
    record FlushWork(int ctx, int cpu, int block) implements Message {
    }

    /** A kthread (kworker, or rcuo for RCU) asks whether there is work; it sleeps if not. */
    record KthreadWait(int ctx, int cpu) implements Message {
    }

    /** process_one_work(): the kworker takes its CPU's oldest item. */
    record WorkerRun(int ctx, int cpu) implements Message {
    }

    /** The kworker's item returned. */
    record WorkerDone(int ctx, int cpu) implements Message {
    }

    static void receive(Post post, Program p, WorkqueueState w, Message msg) {
        Address self = Address.WORKQUEUE;
        if (msg instanceof ScheduleWork s) {
            if (pending(w, s.block(), s.arg())) {
                post.note(self, p.block(s.block()).function() + " already pending");
                return;
            }
            List<long[]> q = new ArrayList<>(w.pending.get(s.cpu()));
            q.add(new long[] {s.block(), s.arg()});
            w.pending.set(s.cpu(), List.copyOf(q));
            post.note(self, "work " + p.block(s.block()).function() + " queued on CPU" + s.cpu());
            if (w.idleWorker[s.cpu()] >= 0) {
                post.send(self, Address.cpu(s.cpu()), new CpuActor.Wake(w.idleWorker[s.cpu()]));
                w.idleWorker[s.cpu()] = -1;
            }
        } else if (msg instanceof FlushWork f) {
            if (busy(w, f.block())) {
                w.flushWaiters = RcuState.plus(w.flushWaiters, new long[] {f.ctx(), f.cpu(), f.block()});
                post.send(self, Address.cpu(f.cpu()), new CpuActor.Block(f.ctx(), Wait.FLUSH_WORK, f.block(), false));
            }
        } else if (msg instanceof KthreadWait k) {
            if (w.pending.get(k.cpu()).isEmpty()) {
                w.idleWorker[k.cpu()] = k.ctx();
                post.send(self, Address.cpu(k.cpu()), new CpuActor.Block(k.ctx(), Wait.IDLE, -1, true));
            }
        } else if (msg instanceof WorkerRun r) {
            List<long[]> q = w.pending.get(r.cpu());
            long[] item = q.get(0);
            w.pending.set(r.cpu(), List.copyOf(q.subList(1, q.size())));
            w.running[r.cpu()] = item;
            post.send(self, Address.cpu(r.cpu()), new CpuActor.RunWork(r.ctx(), (int) item[0], (int) item[1]));
        } else if (msg instanceof WorkerDone d) {
            int block = (int) w.running[d.cpu()][0];
            w.running[d.cpu()] = null;
            post.send(self, Address.cpu(d.cpu()), new CpuActor.WorkDone(d.ctx(), block));
            List<long[]> still = new ArrayList<>();
            for (long[] f : w.flushWaiters) {
                if (busy(w, (int) f[2])) {
                    still.add(f);
                } else {
                    post.send(self, Address.cpu((int) f[1]), new CpuActor.Wake((int) f[0]));
                }
            }
            w.flushWaiters = List.copyOf(still);
        } else {
            throw new IllegalArgumentException("workqueue cannot handle " + msg.name());
        }
    }

    private static boolean pending(WorkqueueState w, int block, int arg) {
        for (List<long[]> q : w.pending) {
            for (long[] item : q) {
                if (item[0] == block && item[1] == arg) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean busy(WorkqueueState w, int block) {
        for (int c = 0; c < w.running.length; c++) {
            if (w.running[c] != null && w.running[c][0] == block) {
                return true;
            }
            for (long[] item : w.pending.get(c)) {
                if (item[0] == block) {
                    return true;
                }
            }
        }
        return false;
    }

    // The CPU's side: the lockdep maps process_one_work() and flush_work() annotate.

    /** The name INIT_WORK() gives the work's lockdep map: the stringified work_struct expression. */
    static String workMap(Program p, int block) {
        if (p.zswap != null && block == p.zswap.poolRelease()) {
            return "(work_completion)(&pool->release_work)";
        }
        return "(work_completion)(" + p.block(block).function() + ")";
    }


    /** __flush_work(): lock_map_acquire(&work->lockdep_map); lock_map_release(...), before waiting. */
    static void flushAnnotation(Machine m, int block) {
        String map = workMap(m.program, block);
        LockMaps.acquire(m, map, "flush_work");
        LockMaps.release(m, map, "flush_work");
    }

    /** process_one_work() on the kworker's context: take the maps, call the function. */
    static void runWork(Machine m, Context ctx, int block, int arg) {
        LockMaps.acquire(m, WQ_MAP, "process_one_work");
        LockMaps.acquire(m, workMap(m.program, block), "process_one_work");
        ctx.push(Frame.call(block, arg));
        m.change("run " + m.program.block(block).function());
    }

    static void workDone(Machine m, int block) {
        LockMaps.release(m, workMap(m.program, block), "process_one_work");
        LockMaps.release(m, WQ_MAP, "process_one_work");
    }
}
