package zswapsim.kernel;

import zswapsim.scenario.OpKind;

/** {@code ref:NAME}: a scenario's percpu_ref or kref as an actor that owns its count and mode. */
final class RefActor {
    private RefActor() {
    }

    /** A refcount op of the scenario (percpu_ref_get, kref_put, ...) from context {@code ctx} on {@code cpu}. */
    record Call(OpKind op, int ctx, int cpu) implements Message {
        @Override
        public String name() {
            return op.kernelName();
        }
    }

    static void receive(Post post, Program p, Address self, RefState r, Message msg) {
        if (msg instanceof Refcounts.PercpuRefSwitchToAtomicRcu s) {
            Refcounts.switchToAtomicRcu(new Refcounts.Host(post, self, p, self.index(), s.ctx(), s.cpu()), r);
            return;
        }
        if (!(msg instanceof Call c)) {
            throw new IllegalArgumentException("ref " + r.name + " cannot handle " + msg.name());
        }
        Refcounts.Host h = new Refcounts.Host(post, self, p, self.index(), c.ctx(), c.cpu());
        switch (c.op()) {
            case PERCPU_REF_INIT -> {
                r.init();
                h.change(r.describe());
            }
            case PERCPU_REF_GET, KREF_GET -> Refcounts.get(h, r);
            case PERCPU_REF_PUT, KREF_PUT -> Refcounts.put(h, r);
            case PERCPU_REF_TRYGET, KREF_GET_UNLESS_ZERO -> Refcounts.tryget(h, r);
            case PERCPU_REF_TRYGET_LIVE -> Refcounts.trygetLive(h, r);
            case PERCPU_REF_KILL -> Refcounts.kill(h, r);
            case PERCPU_REF_RESURRECT -> Refcounts.resurrectWhenSwitched(h, r);
            case PERCPU_REF_REINIT -> {
                if (!r.switching && !Refcounts.isZero(r)) {
                    h.warn("percpu_ref_reinit on a non-zero ref " + r.name);
                }
                Refcounts.resurrectWhenSwitched(h, r);
            }
            case PERCPU_REF_EXIT -> Refcounts.exit(h, r);
            default -> throw new IllegalArgumentException("not a refcount op: " + c.op());
        }
    }
}
