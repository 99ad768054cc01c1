package zswapsim.kernel;

import java.util.Arrays;
import java.util.List;

/** The timers' state, owned by the {@link Timers} actor: where each timer is queued and runs, and who waits for it. */
final class TimerState {
    /** Per timer, the CPU whose timer base it is queued on (timer_pending()), or -1. */
    final int[] base;
    /** Per timer, the CPU running its function, or -1. */
    final int[] running;
    /**
     * Per timer, the CPU whose timer base runs its function (that base's running_timer), or -1:
     * {@link #running} but for a remote expiry, which runs an idle CPU's BASE_GLOBAL on another CPU.
     */
    final int[] runningBase;
    /** Per CPU, tmigr's view: it idles (tmigr_cpu_deactivate()), from what it last said. */
    final boolean[] inactive;
    /** The CPU that went idle last, while every CPU idles; else -1 (tmigr hands it the first global event). */
    int lastIdle = -1;
    /**
     * Per timer, the CPUs told that their tick may expire it ({@link CpuActor.TimerOffered}), as a
     * mask. A function of the fields above (the actor brings it up to date after each change), so
     * not hashed.
     */
    final long[] offeredTo;
    /** Contexts spinning in del_timer_sync(): (ctx, cpu, timer). */
    List<long[]> syncWaiters = List.of();

    TimerState(int timers, int cpus) {
        base = new int[timers];
        running = new int[timers];
        runningBase = new int[timers];
        inactive = new boolean[cpus];
        offeredTo = new long[timers];
        Arrays.fill(base, -1);
        Arrays.fill(running, -1);
        Arrays.fill(runningBase, -1);
    }

    private TimerState(TimerState o) {
        base = o.base.clone();
        running = o.running.clone();
        runningBase = o.runningBase.clone();
        inactive = o.inactive.clone();
        offeredTo = o.offeredTo.clone();
        lastIdle = o.lastIdle;
        syncWaiters = o.syncWaiters;
    }

    TimerState copy() {
        return new TimerState(this);
    }

    void hash(Fingerprint f, Relabel r) {
        for (int i = 0; i < base.length; i++) {
            f.add(r.cpu(base[i])).add(r.cpu(running[i])).add(r.cpu(runningBase[i]));
        }
        for (int n = 0; n < inactive.length; n++) {
            f.add(inactive[r.cpuAt(n)]);
        }
        f.add(r.cpu(lastIdle));
        r.hashWaiters(f, syncWaiters);
    }
}
