package zswapsim.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The deadlock monitor: after a move in which a context started waiting on a lock, it reads the
 * actors' states (never changing them) and finds deadlocks in the wait-for graph. Nodes are contexts; a context waiting on a lock points
 * at the lock's holders, and an interrupted context points at the interrupt running above it
 * (it cannot resume before that returns). A cycle confined to one CPU is a "self" deadlock.
 */
final class DeadlockDetector {
    private DeadlockDetector() {
    }

    static Deadlock findCycle(Program p, KernelState s) {
        TreeMap<Integer, List<Integer>> edges = new TreeMap<>();
        TreeMap<Integer, Integer> waitLock = new TreeMap<>();
        for (TaskState t : s.tasks) {
            addLockEdges(s, t.ctx, edges, waitLock);
        }
        for (int c = 0; c < s.cpus.length; c++) {
            CpuState cpu = s.cpus[c];
            int below = cpu.current < 0 ? -1 : cpu.current;
            for (Context x : cpu.irqStack) {
                if (below >= 0) {
                    edges.computeIfAbsent(below, k -> new ArrayList<>()).add(x.id);
                }
                addLockEdges(s, x, edges, waitLock);
                below = x.id;
            }
        }
        for (int start : waitLock.keySet()) {
            List<Integer> cycle = cycleFrom(start, edges);
            if (cycle != null) {
                return describe(p, s, cycle, waitLock);
            }
        }
        return null;
    }

    private static void addLockEdges(KernelState s, Context ctx, TreeMap<Integer, List<Integer>> edges,
                                     TreeMap<Integer, Integer> waitLock) {
        if (!ctx.wait.onLock() || ctx.woken) {
            return;     // not waiting, or the lock was handed over and it resumes on its next step
        }
        LockState l = s.locks[ctx.waitArg];
        List<Integer> out = edges.computeIfAbsent(ctx.id, k -> new ArrayList<>());
        if (l.owner >= 0) {
            out.add(l.owner);
        }
        if (!ctx.waitRead) {
            for (int r : l.readers) {
                out.add(r);
            }
        }
        waitLock.put(ctx.id, ctx.waitArg);
    }

    /** A cycle through {@code start}, as the list of its nodes, or null. */
    private static List<Integer> cycleFrom(int start, TreeMap<Integer, List<Integer>> edges) {
        List<Integer> path = new ArrayList<>();
        TreeSet<Integer> seen = new TreeSet<>();
        return dfs(start, start, edges, path, seen) ? path : null;
    }

    private static boolean dfs(int node, int start, TreeMap<Integer, List<Integer>> edges, List<Integer> path,
                               TreeSet<Integer> seen) {
        path.add(node);
        seen.add(node);
        for (int next : edges.getOrDefault(node, List.of())) {
            if (next == start || !seen.contains(next) && dfs(next, start, edges, path, seen)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        return false;
    }

    private static Deadlock describe(Program p, KernelState s, List<Integer> cycle, TreeMap<Integer, Integer> waitLock) {
        TreeSet<Integer> cpus = new TreeSet<>();
        TreeSet<String> locks = new TreeSet<>();
        List<String> parts = new ArrayList<>();
        for (int ctx : cycle) {
            cpus.add(s.cpuOf(ctx));
            Integer lock = waitLock.get(ctx);
            if (lock != null) {
                locks.add(p.locks.get(lock).name());
                Machine m = new Machine(p, s, null, s.cpuOf(ctx), null);
                parts.add(Kernel.describeContext(s, ctx) + " (" + String.join(" <- ", m.chainOf(s.context(ctx))) + ") "
                        + (p.locks.get(lock).type().sleeps() ? "sleeps" : "spins") + " on " + p.locks.get(lock).name()
                        + " held by " + s.locks[lock].holders());
            }
        }
        boolean self = cpus.size() == 1 && onOneStack(s, cycle);
        String why = "";
        if (self) {
            why = cycle.size() == 1 ? ", which is itself: it already holds the lock"
                    : ", which it interrupted on the same CPU: that context can never run again to release it";
        }
        String explanation = (self ? "self deadlock: " : "deadlock (wait-for cycle): ") + String.join("; ", parts) + why;
        return new Deadlock(self ? Deadlock.Kind.SELF : Deadlock.Kind.CYCLE, List.copyOf(cpus), List.copyOf(locks), explanation);
    }

    /** Are all contexts of the cycle the running stack of one CPU (its current task and interrupts)? */
    private static boolean onOneStack(KernelState s, List<Integer> cycle) {
        int cpu = s.cpuOf(cycle.get(0));
        for (int ctx : cycle) {
            if (!Context.isIrqId(ctx) && s.cpus[cpu].current != ctx) {
                return false;
            }
        }
        return true;
    }

    /** Nothing can move but something still waits (or a scenario task never finished). */
    static Deadlock findStall(Program p, KernelState s) {
        TreeSet<Integer> cpus = new TreeSet<>();
        TreeSet<String> locks = new TreeSet<>();
        List<String> parts = new ArrayList<>();
        for (TaskState t : s.tasks) {
            boolean idleKthread = t.service() && t.ctx.wait == Wait.IDLE;
            if (!t.done && !idleKthread) {
                cpus.add(t.cpu);
                parts.add("task " + t.comm + " on CPU" + t.cpu + " " + waitText(p, t.ctx));
                if (t.ctx.wait.onLock()) {
                    locks.add(p.locks.get(t.ctx.waitArg).name());
                }
            }
        }
        for (int c = 0; c < s.cpus.length; c++) {
            for (Context x : s.cpus[c].irqStack) {
                cpus.add(c);
                parts.add("CPU" + c + " " + x.kind.name().toLowerCase(java.util.Locale.ROOT) + " " + x.label + " " + waitText(p, x));
                if (x.wait.onLock()) {
                    locks.add(p.locks.get(x.waitArg).name());
                }
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        return new Deadlock(Deadlock.Kind.STALL, List.copyOf(cpus), List.copyOf(locks),
                "stall: nothing can run any more; " + String.join("; ", parts));
    }

    private static String waitText(Program p, Context ctx) {
        return switch (ctx.wait) {
            case NONE -> "cannot run";
            case SPIN -> "spins forever on " + p.locks.get(ctx.waitArg).name();
            case LOCK -> "sleeps forever on " + p.locks.get(ctx.waitArg).name();
            case GRACE_PERIOD -> "waits forever in synchronize_rcu() for grace period " + ctx.waitArg;
            case RCU_BARRIER -> "waits forever in rcu_barrier()";
            case FLUSH_WORK -> "waits forever in flush_work(" + p.works.get(ctx.waitArg).name() + ")";
            case FLUSH_WORKQUEUE -> "waits forever in flush_workqueue(" + p.workqueues.get(ctx.waitArg).name() + ")";
            case HRTIMER_CANCEL -> "spins forever in hrtimer_cancel(" + p.timers.get(ctx.waitArg).name() + ")";
            case MSLEEP -> "sleeps";
            case PERCPU_REF_SWITCH -> "waits forever in percpu_ref_resurrect() for a mode switch";
            case IDLE -> "waits for work";
            case TIMER_SYNC -> "spins forever in del_timer_sync(" + p.timers.get(ctx.waitArg).name() + ")";
        };
    }
}
