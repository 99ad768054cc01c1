package zswapsim.kernel;

import java.util.Arrays;

/**
 * percpu_ref and kref as lib/percpu-refcount.c and include/linux/kref.h implement them: the one
 * copy of their rules, run by whichever actor owns the ref (a {@link RefActor}, or {@link
 * ZswapActor} for the pools' refs). release() runs in whatever context drops the last reference:
 * the owner tells that context's CPU to call it on top of the context.
 */
final class Refcounts {
    /** RCU callback arguments at or above this name a zswap pool's ref (pool = arg - base). */
    static final int POOL_REF_BASE = 1 << 20;
    /**
     * The global spinlock kill, resurrect and exit take with spin_lock_irqsave(): a lockdep class,
     * so its dependencies (held locks -> it -> what a release under it takes) are the kernel's.
     */
    static final String SWITCH_LOCK = zswapsim.scenario.RefDecl.SWITCH_LOCK;

    private Refcounts() {
    }

    /** The actor that owns the ref an RCU callback argument names. */
    static Address owner(int refArg) {
        return refArg >= POOL_REF_BASE ? Address.ZSWAP : Address.ref(refArg);
    }

    /** percpu_ref_switch_to_atomic_rcu(), run by RCU callback context {@code ctx} on {@code cpu}. */
    record PercpuRefSwitchToAtomicRcu(int ref, int ctx, int cpu) implements Message {
    }

    /**
     * The owner of a ref while it handles one message from context {@code ctx} on {@code cpu};
     * {@code switchLocked}: the context holds percpu_ref_switch_lock as a lock (a scenario ref's op),
     * else the op takes it for lockdep alone (zswap's pool refs, killed once each).
     */
    record Host(Post post, Address self, Program program, int refArg, int ctx, int cpu, boolean switchLocked) {
        Host(Post post, Address self, Program program, int refArg, int ctx, int cpu) {
            this(post, self, program, refArg, ctx, cpu, false);
        }

        /** The ref's new count and mode, for the trace (described only when someone reads it). */
        void changed(RefState r) {
            if (post.tracing()) {
                post.note(self, r.describe());
            }
        }

        void change(String text) {
            post.note(self, text);
        }

        /** WARN() prints on the CPU that runs the code. */
        void warn(String text) {
            post.send(self, Address.cpu(cpu), new CpuActor.Warn("WARNING: " + text));
        }

        /** release() on the putting context; {@code underSwitchLock}: from percpu_ref_kill_and_confirm()'s put. */
        void release(RefState r, boolean underSwitchLock) {
            post.send(self, Address.cpu(cpu), new CpuActor.RunRelease(ctx, r.releaseBlock, r.releaseArg, r.name,
                    underSwitchLock, underSwitchLock && switchLocked, r.percpu));
        }

        /** The op took (or holds) percpu_ref_switch_lock and drops it, having run no release under it. */
        void switchLockTaken() {
            post.send(self, Address.cpu(cpu), new CpuActor.PercpuRefSwitchLock(ctx, switchLocked));
        }

        /** __percpu_ref_switch_to_atomic(): the CPU running the kill queues the callback with call_rcu_hurry(). */
        void callRcuSwitch() {
            post.send(self, Address.cpu(cpu), new CpuActor.CallRcuHurry(program.switchToAtomicRcuBlock, refArg,
                    "percpu_ref_switch_to_atomic_rcu"));
        }
    }

    static void get(Host h, RefState r) {
        if (!r.percpu && r.count <= 0) {
            saturate(h, r, r.count == 0 ? "addition on 0; use-after-free" : "saturated; leaking memory");
            return;
        }
        if (!r.percpuMode() && r.count == 0 && !r.biased) {
            h.warn(r.name + ": get on a zero count");
        }
        r.count++;
        h.changed(r);
    }

    /**
     * A kref is a refcount_t (include/linux/refcount.h): an increment from 0 or a decrement below
     * it is refcount_warn_saturate(), which WARNs and pins the count at REFCOUNT_SATURATED, where
     * no put releases and kref_get_unless_zero() succeeds. A percpu_ref's atomic_long_t does not.
     */
    private static void saturate(Host h, RefState r, String warning) {
        h.warn("refcount_t: " + warning + " (" + r.name + ")");
        r.count = RefState.SATURATED;
        h.changed(r);
    }

    /**
     * percpu_ref_put() / kref_put(): in percpu mode the bias keeps the count from reaching zero.
     * Returns whether it released (kref_put()'s return value).
     */
    static boolean put(Host h, RefState r) {
        return put(h, r, false);
    }

    private static boolean put(Host h, RefState r, boolean underSwitchLock) {
        if (!r.percpu && r.count <= 0) {
            saturate(h, r, "underflow; use-after-free");
            return false;
        }
        r.count--;
        h.changed(r);
        if (r.count < 0) {
            h.warn(r.name + " underflow");
        } else if (r.count == 0 && !r.biased) {
            h.release(r, underSwitchLock);
            return true;
        }
        return false;
    }

    /** percpu_ref_tryget() / kref_get_unless_zero(): fails only on a zero atomic count. */
    static boolean tryget(Host h, RefState r) {
        if (r.exited || (r.count == 0 && !r.biased)) {
            h.change(r.name + ": tryget fails");
            return false;
        }
        if (!r.percpu && r.count < 0) {
            saturate(h, r, "saturated; leaking memory");     // refcount_inc_not_zero() of a saturated count succeeds
            return true;
        }
        r.count++;
        h.changed(r);
        return true;
    }

    /** percpu_ref_tryget_live(): also fails once the ref is dead (killed). */
    static boolean trygetLive(Host h, RefState r) {
        if (r.dead) {
            h.change(r.name + ": tryget_live fails (dead)");
            return false;
        }
        return tryget(h, r);
    }

    /**
     * percpu_ref_kill(): mark dead, switch to atomic (a get, and the RCU callback that will fold
     * the per-CPU counts and drop it), and drop the initial ref. No grace period is implied
     * between kill and release. __percpu_ref_switch_mode() first sleeps while a switch is in
     * flight (wait_event_lock_irq() until confirm_switch is NULL); the op then runs again and
     * goes on from there.
     */
    static void kill(Host h, RefState r) {
        if (resumesAfterSwitch(h, r)) {
            switchToAtomicAndPut(h, r);
            return;
        }
        if (r.dead) {
            h.warn("percpu_ref_kill_and_confirm called more than once on " + r.name);
        }
        r.dead = true;
        if (r.switching) {
            waitForSwitch(h, r, "percpu_ref_kill");
            return;
        }
        switchToAtomicAndPut(h, r);
    }

    /**
     * The rest of percpu_ref_kill_and_confirm(): to atomic unless resurrected meanwhile, then drop
     * the initial ref, all under percpu_ref_switch_lock: a release that put runs, runs inside it.
     */
    private static void switchToAtomicAndPut(Host h, RefState r) {
        if (r.dead && !r.atomic) {
            r.atomic = true;
            r.switching = true;
            r.count++;
            h.callRcuSwitch();
        }
        if (!put(h, r, true)) {
            h.switchLockTaken();
        }
    }

    /** wait_event_lock_irq(percpu_ref_switch_waitq, !data->confirm_switch, ...): sleep, the op runs again when woken. */
    private static void waitForSwitch(Host h, RefState r, String op) {
        h.switchLockTaken();       // wait_event_lock_irq() drops the lock to sleep
        int[] w = Arrays.copyOf(r.switchWaiters, r.switchWaiters.length + 2);
        w[w.length - 2] = h.ctx();
        w[w.length - 1] = h.cpu();
        r.switchWaiters = w;
        h.change(op + " waits for " + r.name + "'s switch to atomic");
        h.post().send(h.self(), Address.cpu(h.cpu()), new CpuActor.Block(h.ctx(), Wait.PERCPU_REF_SWITCH, h.refArg(), true));
    }

    /** Is this the op of a context woken by the confirmed switch ({@link #waitForSwitch})? It goes on where it waited. */
    private static boolean resumesAfterSwitch(Host h, RefState r) {
        int at = indexOf(r.switchResume, h.ctx());
        if (at < 0) {
            return false;
        }
        r.switchResume = without(r.switchResume, at);
        return true;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static int[] without(int[] a, int at) {
        int[] out = new int[a.length - 1];
        System.arraycopy(a, 0, out, 0, at);
        System.arraycopy(a, at + 1, out, at, a.length - at - 1);
        return out;
    }

    /**
     * The RCU callback: the per-CPU counts are folded in, the bias goes, the confirm ref is dropped,
     * and whoever waited for the switch in percpu_ref_resurrect() wakes up.
     */
    static void switchToAtomicRcu(Host h, RefState r) {
        r.biased = false;
        r.switching = false;
        if (r.count <= 0) {
            h.warn("percpu ref (" + r.name + ") <= 0 (" + r.count + ") after switching to atomic");
        }
        // Without PERCPU_REF_ALLOW_REINIT, __percpu_ref_exit() frees only the per-CPU counters:
        // ref->data and its atomic count stay, so percpu_ref_tryget() still works on it.
        h.change(r.name + ": atomic, confirmed");
        for (int i = 0; i < r.switchWaiters.length; i += 2) {
            h.post().send(h.self(), Address.cpu(r.switchWaiters[i + 1]), new CpuActor.Wake(r.switchWaiters[i]));
            int[] resume = Arrays.copyOf(r.switchResume, r.switchResume.length + 1);
            resume[resume.length - 1] = r.switchWaiters[i];
            r.switchResume = resume;
        }
        r.switchWaiters = new int[0];
        put(h, r);
    }

    /**
     * percpu_ref_resurrect() as a step: under percpu_ref_switch_lock it clears DEAD and takes its
     * ref (percpu_ref_get(), on the atomic count while the ref is atomic), then
     * __percpu_ref_switch_mode() sleeps until an in-flight switch to atomic has been confirmed by
     * its RCU callback, and the step runs again from there: percpu mode again (the bias returns).
     * Returns whether it is done.
     */
    static boolean resurrectWhenSwitched(Host h, RefState r) {
        if (!resumesAfterSwitch(h, r)) {
            if (!r.dead) {
                h.warn("percpu_ref_resurrect on a live ref " + r.name);
            }
            if (!r.allowReinit) {
                h.warn("percpu_ref_resurrect without PERCPU_REF_ALLOW_REINIT on " + r.name);
            }
            r.dead = false;
            r.count++;
            if (r.switching) {
                h.changed(r);
                waitForSwitch(h, r, "percpu_ref_resurrect");
                return false;
            }
        }
        if (r.atomic && r.allowReinit) {     // __percpu_ref_switch_to_percpu() WARNs and stays atomic otherwise
            r.atomic = false;
            r.biased = true;
        }
        h.changed(r);
        h.switchLockTaken();
        return true;
    }

    static void exit(Host h, RefState r) {
        if (r.exited) {
            h.change(r.name + ": percpu_ref_exit() again: ref->data is NULL, it returns");
            return;
        }
        if (r.switching) {
            h.warn("percpu_ref_exit while a mode switch is in flight on " + r.name);
        }
        r.exited = true;
        h.switchLockTaken();
        h.changed(r);
    }

    static boolean isZero(RefState r) {
        return !r.percpuMode() && !r.biased && r.count == 0;
    }
}
