package zswapsim.kernel;

import java.util.Locale;

/**
 * {@code zswap}: mm/zswap.c's globals as an actor: the pools (each with its percpu_ref or kref),
 * the zswap_pools list and the stored entries ({@link ZswapState}). The steps of the zswap
 * functions that touch them are requests from the CPU running the function; the answer sets the
 * function's locals ({@link CpuActor.ReturnValue}). Registers: in __zswap_param_set r0 = pool,
 * r1 = found flag then put_pool; in the entry functions r0 = the entry's pool.
 */
final class ZswapActor {
    private ZswapActor() {
    }

    /** One step of a zswap function, run by context {@code ctx} on {@code cpu}; arg, r0, r1 are its frame's. */
    record Call(Native step, int ctx, int cpu, int arg, int r0, int r1) implements Message {
        @Override
        public String name() {
            return step.name().toLowerCase(Locale.ROOT);
        }
    }

    /** Creates pool 0 as zswap_setup() does: no lock, one ref, first in the list. */
    static ZswapState setup(Program p) {
        ZswapState z = new ZswapState();
        createPool(p, z, 0);
        z.addFirst(0);
        return z;
    }

    private static int createPool(Program p, ZswapState z, int compressor) {
        int pool = z.pools();
        String name = "pool" + pool + "(" + p.zswap.compressors().get(compressor) + ")";
        return z.addPool(compressor, new RefState(p.zswap.percpuRef(), name, p.zswap.poolEmpty(), pool, true));
    }

    static void receive(Post post, Program p, ZswapState z, Message msg) {
        if (msg instanceof Refcounts.PercpuRefSwitchToAtomicRcu s) {
            int pool = s.ref() - Refcounts.POOL_REF_BASE;
            Refcounts.switchToAtomicRcu(host(post, p, pool, s.ctx(), s.cpu()), z.ref(pool));
        } else if (msg instanceof Call c) {
            call(post, p, z, c);
        } else {
            throw new IllegalArgumentException("zswap cannot handle " + msg.name());
        }
    }

    private static Refcounts.Host host(Post post, Program p, int pool, int ctx, int cpu) {
        return new Refcounts.Host(post, Address.ZSWAP, p, Refcounts.POOL_REF_BASE + pool, ctx, cpu);
    }

    private static void call(Post post, Program p, ZswapState z, Call c) {
        Address self = Address.ZSWAP;
        Address cpu = Address.cpu(c.cpu());
        boolean percpu = p.zswap.percpuRef();
        int keep = CpuActor.ReturnValue.KEEP;
        switch (c.step()) {
            case ZSWAP_POOL_CHANGED -> {
                int cur = z.current();
                boolean changed = cur < 0 || z.compressor(cur) != c.arg();
                post.send(self, cpu, new CpuActor.ReturnValue(c.ctx(), changed ? 1 : 0, keep));
            }
            case ZSWAP_POOL_FIND_GET -> {
                int found = -1;
                for (int pool : z.list()) {
                    if (z.compressor(pool) == c.arg() && Refcounts.tryget(host(post, p, pool, c.ctx(), c.cpu()), z.ref(pool))) {
                        found = pool;
                        break;
                    }
                }
                if (found >= 0) {
                    if (found == z.current()) {
                        post.send(self, cpu, new CpuActor.Warn("WARNING: pool == zswap_pool_current() in __zswap_param_set"));
                    }
                    z.unlink(found);
                    post.note(self, "using existing " + name(z, found) + ", unlinked");
                }
                post.send(self, cpu, new CpuActor.ReturnValue(c.ctx(), found, found >= 0 ? 1 : 0));
            }
            case ZSWAP_POOL_CREATE_OR_REUSE -> {
                if (c.r0() < 0) {
                    int pool = createPool(p, z, c.arg());
                    post.note(self, "zswap_pool_create: " + name(z, pool) + " with 1 ref");
                    post.send(self, cpu, new CpuActor.ReturnValue(c.ctx(), pool, 0));
                }
            }
            case ZSWAP_POOL_RESURRECT -> {
                // Resurrect waits for the kill's RCU callback first; then drop the find_get ref.
                Refcounts.Host h = host(post, p, c.r0(), c.ctx(), c.cpu());
                if (c.r1() == 1 && percpu && Refcounts.resurrectWhenSwitched(h, z.ref(c.r0()))) {
                    Refcounts.put(h, z.ref(c.r0()));
                }
            }
            case ZSWAP_POOL_PUBLISH -> {
                int put = z.current();
                z.addFirst(c.r0());
                post.note(self, name(z, c.r0()) + " is current" + (put >= 0 ? "; put_pool = " + name(z, put) : ""));
                post.send(self, cpu, new CpuActor.ReturnValue(c.ctx(), keep, put));
            }
            case ZSWAP_PUT_OLD_POOL -> {
                if (c.r1() >= 0) {
                    Refcounts.Host h = host(post, p, c.r1(), c.ctx(), c.cpu());
                    if (percpu) {
                        Refcounts.kill(h, z.ref(c.r1()));
                    } else {
                        Refcounts.put(h, z.ref(c.r1()));
                    }
                }
            }
            case ZSWAP_POOL_UNLINK -> {
                if (c.arg() == z.current()) {
                    post.send(self, cpu, new CpuActor.Warn("WARNING: pool == zswap_pool_current() in __zswap_pool_empty"));
                }
                z.unlink(c.arg());
                post.note(self, name(z, c.arg()) + " unlinked");
            }
            case ZSWAP_SCHEDULE_RELEASE -> post.send(self, Address.WORKQUEUE,
                    new Workqueues.QueueWork(c.cpu(), Program.SYSTEM_WQ, p.zswapReleaseWork, c.arg(), c.ctx()));
            case ZSWAP_POOL_DESTROY -> {
                RefState r = z.ref(c.arg());
                Refcounts.Host h = host(post, p, c.arg(), c.ctx(), c.cpu());
                if (percpu ? !Refcounts.isZero(r) : r.count > 0) {
                    h.warn(r.name + " still referenced in __zswap_pool_release");
                }
                if (percpu) {
                    Refcounts.exit(h, r);
                }
                z.destroy(c.arg());
                post.note(self, r.name + " destroyed");
            }
            case ZSWAP_POOL_CURRENT_GET -> {
                int cur = z.current();
                boolean got = cur >= 0 && Refcounts.tryget(host(post, p, cur, c.ctx(), c.cpu()), z.ref(cur));
                post.send(self, cpu, new CpuActor.ReturnValue(c.ctx(), got ? cur : -1, keep));
            }
            case ZSWAP_TREE_INSERT -> {
                if (c.r0() >= 0) {
                    z.addEntry(c.r0());
                    post.note(self, "entry stored in " + name(z, c.r0()) + " (" + z.entryCount() + " stored)");
                } else {
                    post.note(self, "no pool: store rejected");
                }
            }
            case ZSWAP_TREE_ERASE -> {
                if (z.entryCount() == 0) {
                    post.send(self, cpu, new CpuActor.ReturnValue(c.ctx(), -1, keep));
                    post.note(self, "no entry to erase");
                } else {
                    int pool = z.removeOldestEntry();
                    post.send(self, cpu, new CpuActor.ReturnValue(c.ctx(), pool, keep));
                    post.note(self, "entry of " + name(z, pool) + " erased");
                }
            }
            case ZSWAP_ENTRY_FREE -> {
                if (c.r0() >= 0) {
                    Refcounts.put(host(post, p, c.r0(), c.ctx(), c.cpu()), z.ref(c.r0()));
                }
            }
            default -> throw new IllegalStateException("not a zswap step: " + c.step());
        }
    }

    private static String name(ZswapState z, int pool) {
        return z.readRef(pool).name;
    }
}
