package zswapsim.scenario;

import java.util.List;

/** The {@code zswap:} block: which locking variant of mm/zswap.c and the first pool's compressor. */
public record ZswapConfig(Variant variant, String compressor, SourcePos pos) {

    /** The compressor of the first pool when the file names none (the kernel's CONFIG_ZSWAP_COMPRESSOR_DEFAULT). */
    public static final String DEFAULT_COMPRESSOR = "lzo";

    /** mm/zswap.c: {@code static DEFINE_SPINLOCK(zswap_pools_lock)}, protecting the pool list. */
    public static final String POOLS_LOCK = "zswap_pools_lock";
    /** The rb-tree lock of a swap device's zswap tree; its lockdep class is {@code &tree->lock}. */
    public static final String TREE_LOCK = "zswap_tree_lock";
    /** mm/zswap.c: {@code static DEFINE_MUTEX(zswap_init_lock)}. */
    public static final String INIT_LOCK = "zswap_init_lock";
    /**
     * kernel/params.c: {@code param_lock}, which param_attr_store() holds around a built-in
     * module parameter's set(): two writes to /sys/module/zswap/parameters/ never overlap.
     */
    public static final String PARAM_LOCK = "param_lock";

    /**
     * The locks the zswap model declares, in the order they come before a file's own
     * {@code locks:}; {@code pos} is where the file's {@code zswap:} key is.
     */
    public static List<LockDecl> modelLocks(SourcePos pos) {
        return List.of(
                new LockDecl(POOLS_LOCK, LockType.SPINLOCK, POOLS_LOCK, pos),
                new LockDecl(TREE_LOCK, LockType.SPINLOCK, "&tree->lock", pos),
                new LockDecl(INIT_LOCK, LockType.MUTEX, INIT_LOCK, pos),
                new LockDecl(PARAM_LOCK, LockType.MUTEX, PARAM_LOCK, pos));
    }

    /** The four versions of zswap_pools_lock handling, oldest first. */
    public enum Variant {
        /** v6.7: kref, release from kref_put in task context, plain spin_lock. */
        KREF("kref"),
        /** f3da427e82c4: percpu_ref, release may run from the RCU callback; still plain spin_lock. */
        PERCPU_REF("percpu_ref"),
        /** The first hotfix: spin_lock_irqsave in __zswap_pool_empty, spin_lock_irq in __zswap_param_set. */
        PERCPU_REF_IRQ("percpu_ref_irq"),
        /** The merged fix: spin_lock_bh everywhere. */
        PERCPU_REF_BH("percpu_ref_bh");

        private final String yamlName;

        Variant(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }
}
