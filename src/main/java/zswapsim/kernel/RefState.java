package zswapsim.kernel;

/**
 * A percpu_ref or a kref, by its logical count. For a percpu_ref the kernel's atomic counter
 * carries PERCPU_COUNT_BIAS from init (or resurrect) until percpu_ref_switch_to_atomic_rcu() folds
 * the per-CPU counts in: while {@code biased} no put can reach zero, which is why a kill's release
 * runs from the RCU callback (lib/percpu-refcount.c).
 */
final class RefState {
    final boolean percpu;
    /** A kref's count pinned by refcount_warn_saturate() (REFCOUNT_SATURATED, INT_MIN / 2). */
    static final long SATURATED = Integer.MIN_VALUE / 2;
    final String name;
    /** The release function and its argument: __zswap_pool_empty(pool) or a scenario handler. */
    final int releaseBlock;
    final int releaseArg;
    final boolean allowReinit;
    long count;
    /** __PERCPU_REF_ATOMIC */
    boolean atomic;
    /** __PERCPU_REF_DEAD */
    boolean dead;
    boolean biased;
    /** data->confirm_switch != NULL: a switch to atomic waits for its RCU callback. */
    boolean switching;
    /** percpu_ref_exit() done */
    boolean exited;
    /** Contexts sleeping in __percpu_ref_switch_mode() until the switch is confirmed: (ctx, cpu) pairs. */
    int[] switchWaiters = new int[0];
    /** Contexts woken in the middle of percpu_ref_kill() or percpu_ref_resurrect(): their retried op goes on where it waited. */
    int[] switchResume = new int[0];

    RefState(boolean percpu, String name, int releaseBlock, int releaseArg, boolean allowReinit) {
        this.percpu = percpu;
        this.name = name;
        this.releaseBlock = releaseBlock;
        this.releaseArg = releaseArg;
        this.allowReinit = allowReinit;
        init();
    }

    /** percpu_ref_init(..., 0) / kref_init(): one reference, percpu mode. */
    void init() {
        count = 1;
        atomic = false;
        dead = false;
        biased = percpu;
        switching = false;
        exited = false;
    }

    RefState copy() {
        RefState r = new RefState(percpu, name, releaseBlock, releaseArg, allowReinit);
        r.count = count;
        r.atomic = atomic;
        r.dead = dead;
        r.biased = biased;
        r.switching = switching;
        r.exited = exited;
        r.switchWaiters = switchWaiters;
        r.switchResume = switchResume;
        return r;
    }

    /** {@code switchWaiters} holds (ctx, cpu) pairs. */
    void hash(Fingerprint f, Relabel r) {
        f.add(count).add(atomic).add(dead).add(biased).add(switching).add(exited).add(switchWaiters.length);
        for (int i = 0; i + 1 < switchWaiters.length; i += 2) {
            f.add(r.ctx(switchWaiters[i])).add(r.cpu(switchWaiters[i + 1]));
        }
        f.add(switchResume.length);
        for (int w : switchResume) {
            f.add(w);
        }
    }

    /** __ref_is_percpu() */
    boolean percpuMode() {
        return percpu && !atomic && !dead;
    }

    String describe() {
        if (!percpu) {
            return name + ": kref " + (count == SATURATED ? "saturated" : String.valueOf(count));
        }
        return name + ": " + (exited ? "exited" : (percpuMode() ? "percpu" : "atomic") + (dead ? " dead" : "")
                + (switching ? " switching" : "") + " count " + count + (biased ? "+BIAS" : ""));
    }
}
