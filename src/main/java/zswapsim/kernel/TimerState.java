package zswapsim.kernel;

import java.util.Arrays;
import java.util.List;

/** The timers' state, owned by the {@link Timers} actor: where each timer is queued and runs, and who waits for it. */
final class TimerState {
    /** Per timer, the CPU whose timer base it is queued on (timer_pending()), or -1. */
    final int[] base;
    /** Per timer, the CPU running its function (base->running_timer), or -1. */
    final int[] running;
    /** Contexts spinning in del_timer_sync(): (ctx, cpu, timer). */
    List<long[]> syncWaiters = List.of();

    TimerState(int timers) {
        base = new int[timers];
        running = new int[timers];
        Arrays.fill(base, -1);
        Arrays.fill(running, -1);
    }

    private TimerState(TimerState o) {
        base = o.base.clone();
        running = o.running.clone();
        syncWaiters = o.syncWaiters;
    }

    TimerState copy() {
        return new TimerState(this);
    }

    void hash(Fingerprint f, Relabel r) {
        for (int i = 0; i < base.length; i++) {
            f.add(r.cpu(base[i])).add(r.cpu(running[i]));
        }
        r.hashWaiters(f, syncWaiters);
    }
}
