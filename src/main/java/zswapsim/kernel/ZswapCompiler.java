package zswapsim.kernel;

import java.util.List;
import zswapsim.scenario.OpKind;
import zswapsim.scenario.ZswapConfig.Variant;

/**
 * mm/zswap.c's functions as model code, for one variant of the zswap_pools_lock locking
 * (kernel-facts.md §7.2). Only the lock calls differ between variants; the refcount calls differ
 * between kref and percpu_ref and are handled by the natives.
 */
final class ZswapCompiler {
    static final int PARAM_SET = 0;
    static final int POOL_EMPTY = 1;
    static final int POOL_RELEASE = 2;
    static final int STORE = 3;
    static final int ENTRY_FREE = 4;
    static final int LOAD = 5;

    interface Definer {
        void define(int id, String function, List<Insn> insns);
    }

    private final Variant variant;
    private final int poolsLock;
    private final int treeLock;
    private final int initLock;
    /** param_lock, or -1 where no two writes can overlap (one code path writes the parameter). */
    private final int paramLock;

    ZswapCompiler(Variant variant, int poolsLock, int treeLock, int initLock, int paramLock) {
        this.variant = variant;
        this.poolsLock = poolsLock;
        this.treeLock = treeLock;
        this.initLock = initLock;
        this.paramLock = paramLock;
    }

    ZswapCode compile(List<String> compressors, int[] ids, Definer definer) {
        definer.define(ids[PARAM_SET], "__zswap_param_set", paramSet());
        definer.define(ids[POOL_EMPTY], "__zswap_pool_empty", List.of(
                lock(poolEmptyLock(), poolsLock),
                Insn.nat(Native.ZSWAP_POOL_UNLINK),
                Insn.nat(Native.ZSWAP_SCHEDULE_RELEASE),
                lock(unlockOf(poolEmptyLock()), poolsLock)));
        definer.define(ids[POOL_RELEASE], "__zswap_pool_release", List.of(
                Insn.op(OpKind.SYNCHRONIZE_RCU, -1, 1, null, -1, null),
                Insn.nat(Native.ZSWAP_POOL_DESTROY)));
        // zswap_store(): the entry is allocated with GFP_KERNEL (might_sleep(); a reclaimer runs with
        // PF_MEMALLOC, so no fs_reclaim map), and a page that is not same-filled (the model's pages
        // never are) is compressed under this CPU's acomp_ctx->mutex, before tree->lock.
        definer.define(ids[STORE], "zswap_store", List.of(
                Insn.nat(Native.ZSWAP_ENTRY_ALLOC),
                Insn.op(OpKind.RCU_READ_LOCK, -1, 1, null, -1, null),
                Insn.nat(Native.ZSWAP_POOL_CURRENT_GET),
                Insn.op(OpKind.RCU_READ_UNLOCK, -1, 1, null, -1, null),
                Insn.nat(Native.ZSWAP_COMPRESS),
                Insn.nat(Native.ZSWAP_ACOMP_UNLOCK),
                lock(OpKind.SPIN_LOCK, treeLock),
                Insn.nat(Native.ZSWAP_TREE_INSERT),
                lock(OpKind.SPIN_UNLOCK, treeLock)));
        // zswap_invalidate(): the entry is freed under tree->lock.
        definer.define(ids[ENTRY_FREE], "zswap_invalidate", List.of(
                lock(OpKind.SPIN_LOCK, treeLock),
                Insn.nat(Native.ZSWAP_TREE_ERASE),
                Insn.nat(Native.ZSWAP_ENTRY_FREE),
                lock(OpKind.SPIN_UNLOCK, treeLock)));
        // zswap_load() with swapcache: erase under tree->lock, decompress under this CPU's
        // acomp_ctx->mutex, free outside both.
        definer.define(ids[LOAD], "zswap_load", List.of(
                lock(OpKind.SPIN_LOCK, treeLock),
                Insn.nat(Native.ZSWAP_TREE_ERASE),
                lock(OpKind.SPIN_UNLOCK, treeLock),
                Insn.nat(Native.ZSWAP_DECOMPRESS),
                Insn.nat(Native.ZSWAP_ACOMP_UNLOCK),
                Insn.nat(Native.ZSWAP_ENTRY_FREE)));
        return new ZswapCode(variant, compressors, ids[PARAM_SET], ids[POOL_EMPTY], ids[POOL_RELEASE],
                ids[STORE], ids[ENTRY_FREE], ids[LOAD], poolsLock, treeLock, initLock);
    }

    /**
     * The sysfs write: param_attr_store() holds param_lock around __zswap_param_set() when two
     * code paths may write at once (with one, nobody ever waits on it and nothing else takes it,
     * so it is left out: the same verdicts with fewer steps). An unchanged compressor returns
     * (through param_lock's unlock when there is one).
     */
    private List<Insn> paramSet() {
        List<Insn> core = new java.util.ArrayList<>(List.of(
                lock(OpKind.MUTEX_LOCK, initLock),
                Insn.nat(Native.ZSWAP_POOL_CHANGED),
                lock(OpKind.MUTEX_UNLOCK, initLock),
                Insn.nat(Native.ZSWAP_RETURN_IF_UNCHANGED),
                lock(paramSetLock(), poolsLock),                 // lock site A
                Insn.nat(Native.ZSWAP_POOL_FIND_GET),
                lock(unlockOf(paramSetLock()), poolsLock),
                Insn.nat(Native.ZSWAP_POOL_CREATE_OR_REUSE),
                Insn.nat(Native.ZSWAP_POOL_RESURRECT),
                lock(paramSetLock(), poolsLock),                 // lock site B
                Insn.nat(Native.ZSWAP_POOL_PUBLISH),
                lock(unlockOf(paramSetLock()), poolsLock),
                Insn.nat(Native.ZSWAP_PUT_OLD_POOL)));          // outside the lock
        if (paramLock < 0) {
            return core;
        }
        Insn unchanged = Insn.nat(Native.ZSWAP_RETURN_IF_UNCHANGED);
        core.set(core.indexOf(unchanged), Insn.nat(Native.ZSWAP_RETURN_IF_UNCHANGED, core.size() + 1));    // the unlock's pc
        List<Insn> all = new java.util.ArrayList<>();
        all.add(lock(OpKind.MUTEX_LOCK, paramLock));
        all.addAll(core);
        all.add(lock(OpKind.MUTEX_UNLOCK, paramLock));
        return all;
    }

    private static Insn lock(OpKind op, int lock) {
        return Insn.op(op, lock, 1, null, -1, null);
    }

    private OpKind paramSetLock() {
        return switch (variant) {
            case KREF, PERCPU_REF -> OpKind.SPIN_LOCK;
            case PERCPU_REF_IRQ -> OpKind.SPIN_LOCK_IRQ;
            case PERCPU_REF_BH -> OpKind.SPIN_LOCK_BH;
        };
    }

    private OpKind poolEmptyLock() {
        return switch (variant) {
            case KREF, PERCPU_REF -> OpKind.SPIN_LOCK;
            case PERCPU_REF_IRQ -> OpKind.SPIN_LOCK_IRQSAVE;
            case PERCPU_REF_BH -> OpKind.SPIN_LOCK_BH;
        };
    }

    private static OpKind unlockOf(OpKind lock) {
        return switch (lock) {
            case SPIN_LOCK -> OpKind.SPIN_UNLOCK;
            case SPIN_LOCK_IRQ -> OpKind.SPIN_UNLOCK_IRQ;
            case SPIN_LOCK_IRQSAVE -> OpKind.SPIN_UNLOCK_IRQRESTORE;
            case SPIN_LOCK_BH -> OpKind.SPIN_UNLOCK_BH;
            default -> throw new IllegalArgumentException(lock.kernelName());
        };
    }
}
