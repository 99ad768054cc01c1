package zswapsim.kernel;

/**
 * percpu_ref and kref as lib/percpu-refcount.c and include/linux/kref.h implement them
 * (kernel-facts.md §4). release() runs in whatever context drops the last reference: pushed as a
 * call on that context.
 */
final class Refcounts {
    private Refcounts() {
    }

    static void get(Machine m, RefState r) {
        if (!r.percpuMode() && r.count == 0 && !r.biased) {
            m.emit("warn", "WARNING: " + r.name + ": get on a zero count");
        }
        r.count++;
        m.change(r.describe());
    }

    /** percpu_ref_put() / kref_put(): in percpu mode the bias keeps the count from reaching zero. */
    static void put(Machine m, RefState r) {
        r.count--;
        m.change(r.describe());
        if (r.count < 0) {
            m.emit("warn", "WARNING: " + r.name + " underflow");
        } else if (r.count == 0 && !r.biased) {
            release(m, r);
        }
    }

    /** percpu_ref_tryget() / kref_get_unless_zero(): fails only on a zero atomic count. */
    static boolean tryget(Machine m, RefState r) {
        if (r.exited || (r.count == 0 && !r.biased)) {
            m.change(r.name + ": tryget fails");
            return false;
        }
        r.count++;
        m.change(r.describe());
        return true;
    }

    /** percpu_ref_tryget_live(): also fails once the ref is dead (killed). */
    static boolean trygetLive(Machine m, RefState r) {
        if (r.dead) {
            m.change(r.name + ": tryget_live fails (dead)");
            return false;
        }
        return tryget(m, r);
    }

    /**
     * percpu_ref_kill(): mark dead, switch to atomic (a get, and the RCU callback that will fold
     * the per-CPU counts and drop it), and drop the initial ref. No grace period is implied
     * between kill and release.
     */
    static void kill(Machine m, RefState r, int refIndex) {
        if (r.dead) {
            m.emit("warn", "WARNING: percpu_ref_kill_and_confirm called more than once on " + r.name);
        }
        r.dead = true;
        if (!r.atomic) {
            r.atomic = true;
            r.switching = true;
            r.count++;
            Rcu.callRcu(m, m.program.switchToAtomicRcuBlock, refIndex, "percpu_ref_switch_to_atomic_rcu");
        }
        put(m, r);
    }

    /** The RCU callback: the per-CPU counts are folded in, the bias goes, the confirm ref is dropped. */
    static void switchToAtomicRcu(Machine m, RefState r) {
        r.biased = false;
        r.switching = false;
        if (r.count <= 0) {
            m.emit("warn", "WARNING: percpu ref (" + r.name + ") <= 0 (" + r.count + ") after switching to atomic");
        }
        if (!r.allowReinit) {
            r.exited = true;
        }
        m.change(r.name + ": atomic, confirmed");
        put(m, r);
    }

    /** percpu_ref_resurrect(): undead, one ref back, and percpu mode again (the bias returns). */
    static void resurrect(Machine m, RefState r) {
        if (!r.dead) {
            m.emit("warn", "WARNING: percpu_ref_resurrect on a live ref " + r.name);
        }
        if (!r.allowReinit) {
            m.emit("warn", "WARNING: percpu_ref_resurrect without PERCPU_REF_ALLOW_REINIT on " + r.name);
        }
        r.dead = false;
        r.count++;
        if (r.atomic) {
            r.atomic = false;
            r.biased = true;
        }
        m.change(r.describe());
    }

    /**
     * percpu_ref_resurrect() as a step: __percpu_ref_switch_mode() first sleeps until an in-flight
     * switch to atomic has been confirmed by its RCU callback; then the step runs again. Returns
     * whether it resurrected now.
     */
    static boolean resurrectWhenSwitched(Machine m, Context ctx, Frame self, int refIndex) {
        RefState r = m.state.refs.get(refIndex);
        if (r.switching) {
            ctx.setTop(self);
            ctx.wait = Wait.PERCPU_REF_SWITCH;
            ctx.waitArg = refIndex;
            m.change("percpu_ref_resurrect waits for " + r.name + "'s switch to atomic");
            return false;
        }
        resurrect(m, r);
        return true;
    }

    static void exit(Machine m, RefState r) {
        if (r.switching) {
            m.emit("warn", "WARNING: percpu_ref_exit while a mode switch is in flight on " + r.name);
        }
        r.exited = true;
        m.change(r.describe());
    }

    static boolean isZero(RefState r) {
        return !r.percpuMode() && !r.biased && r.count == 0;
    }

    private static void release(Machine m, RefState r) {
        Context ctx = m.top();
        ctx.push(Frame.call(r.releaseBlock, r.releaseArg));
        m.change(r.name + " hit zero: " + m.program.block(r.releaseBlock).function() + "() runs in "
                + m.contextLabel(ctx));
    }
}
