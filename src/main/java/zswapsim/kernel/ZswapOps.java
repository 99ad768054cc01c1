package zswapsim.kernel;

/**
 * The steps of mm/zswap.c that are not locking: pool lookup, creation, publication, the
 * refcount calls of each variant, and the entries that pin pools (kernel-facts.md §7.2).
 * Registers: in __zswap_param_set r0 = pool, r1 = found flag then put_pool; in the entry
 * functions r0 = the entry's pool.
 */
final class ZswapOps {
    private ZswapOps() {
    }

    /** Creates pool 0 as zswap_setup() does: no lock, one ref, first in the list. */
    static void setup(Program p, KernelState s) {
        s.zswap = new ZswapState();
        createPool(p, s, 0);
        s.zswap.list.add(0);
    }

    private static int createPool(Program p, KernelState s, int compressor) {
        int pool = s.zswap.pools.size();
        String name = "pool" + pool + "(" + p.zswap.compressors().get(compressor) + ")";
        s.refs.add(new RefState(p.zswap.percpuRef(), name, p.zswap.poolEmpty(), pool, true));
        s.zswap.pools.add(new int[] {compressor, s.refs.size() - 1});
        s.zswap.destroyed.add(false);
        return pool;
    }

    static RefState ref(KernelState s, int pool) {
        return s.refs.get(s.zswap.pools.get(pool)[1]);
    }

    private static String poolName(KernelState s, int pool) {
        return ref(s, pool).name;
    }

    /** Executes one zswap native; {@code f} is the frame with pc already advanced. */
    static void exec(Machine m, Context ctx, Native nat, Frame f, Frame self) {
        KernelState s = m.state;
        ZswapState z = s.zswap;
        boolean percpu = m.program.zswap.percpuRef();
        switch (nat) {
            case ZSWAP_POOL_CHANGED -> {
                int cur = z.current();
                boolean changed = cur < 0 || z.pools.get(cur)[0] != f.arg();
                ctx.setTop(f.withR0(changed ? 1 : 0));
            }
            case ZSWAP_RETURN_IF_UNCHANGED -> {
                if (f.r0() == 0) {
                    ctx.pop();
                    m.change("compressor unchanged, nothing to do");
                }
            }
            case ZSWAP_POOL_FIND_GET -> {
                int found = -1;
                for (int pool : z.list) {
                    if (z.pools.get(pool)[0] == f.arg() && Refcounts.tryget(m, ref(s, pool))) {
                        found = pool;
                        break;
                    }
                }
                if (found >= 0) {
                    if (found == z.current()) {
                        m.emit("warn", "WARNING: pool == zswap_pool_current() in __zswap_param_set");
                    }
                    z.list.remove(Integer.valueOf(found));
                    m.change("using existing " + poolName(s, found) + ", unlinked");
                }
                ctx.setTop(f.withR0(found).withR1(found >= 0 ? 1 : 0));
            }
            case ZSWAP_POOL_CREATE_OR_REUSE -> {
                if (f.r0() < 0) {
                    int pool = createPool(m.program, s, f.arg());
                    m.change("zswap_pool_create: " + poolName(s, pool) + " with 1 ref");
                    ctx.setTop(f.withR0(pool).withR1(0));
                }
            }
            case ZSWAP_POOL_RESURRECT -> {
                // Resurrect waits for the kill's RCU callback first; then drop the find_get ref.
                if (f.r1() == 1 && percpu && Refcounts.resurrectWhenSwitched(m, ctx, self, s.zswap.pools.get(f.r0())[1])) {
                    Refcounts.put(m, ref(s, f.r0()));
                }
            }
            case ZSWAP_POOL_PUBLISH -> {
                int put = z.current();
                z.list.add(0, f.r0());
                m.change(poolName(s, f.r0()) + " is current" + (put >= 0 ? "; put_pool = " + poolName(s, put) : ""));
                ctx.setTop(f.withR1(put));
            }
            case ZSWAP_PUT_OLD_POOL -> {
                if (f.r1() >= 0) {
                    if (percpu) {
                        Refcounts.kill(m, ref(s, f.r1()), s.zswap.pools.get(f.r1())[1]);
                    } else {
                        Refcounts.put(m, ref(s, f.r1()));
                    }
                }
            }
            case ZSWAP_POOL_UNLINK -> {
                if (f.arg() == z.current()) {
                    m.emit("warn", "WARNING: pool == zswap_pool_current() in __zswap_pool_empty");
                }
                z.list.remove(Integer.valueOf(f.arg()));
                m.change(poolName(s, f.arg()) + " unlinked");
            }
            case ZSWAP_SCHEDULE_RELEASE -> Workqueues.schedule(m, m.program.zswap.poolRelease(), f.arg());
            case ZSWAP_POOL_DESTROY -> {
                RefState r = ref(s, f.arg());
                if (percpu ? !Refcounts.isZero(r) : r.count > 0) {
                    m.emit("warn", "WARNING: " + r.name + " still referenced in __zswap_pool_release");
                }
                if (percpu) {
                    Refcounts.exit(m, r);
                }
                z.destroyed.set(f.arg(), true);
                m.change(r.name + " destroyed");
            }
            case ZSWAP_POOL_CURRENT_GET -> {
                int cur = z.current();
                boolean got = cur >= 0 && Refcounts.tryget(m, ref(s, cur));
                ctx.setTop(f.withR0(got ? cur : -1));
            }
            case ZSWAP_TREE_INSERT -> {
                if (f.r0() >= 0) {
                    z.entries.add(f.r0());
                    m.change("entry stored in " + poolName(s, f.r0()) + " (" + z.entries.size() + " stored)");
                } else {
                    m.change("no pool: store rejected");
                }
            }
            case ZSWAP_TREE_ERASE -> {
                if (z.entries.isEmpty()) {
                    ctx.setTop(f.withR0(-1));
                    m.change("no entry to erase");
                } else {
                    int pool = z.entries.remove(0);
                    ctx.setTop(f.withR0(pool));
                    m.change("entry of " + poolName(s, pool) + " erased");
                }
            }
            case ZSWAP_ENTRY_FREE -> {
                if (f.r0() >= 0) {
                    Refcounts.put(m, ref(s, f.r0()));
                }
            }
            default -> throw new IllegalStateException("not a zswap step: " + nat);
        }
    }
}
