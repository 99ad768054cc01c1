package zswapsim.kernel;

import zswapsim.scenario.OpKind;

/** {@code ref:NAME}: a scenario's percpu_ref or kref as an actor that owns its count and mode. */
final class RefActor {
    private RefActor() {
    }

    /**
     * A refcount op of the scenario (percpu_ref_get, kref_put, ...) from context {@code ctx} on
     * {@code cpu}; when it is an if:'s condition, {@code frame} (else -1) is the frame the answer goes
     * to. {@code switchLocked}: the context holds percpu_ref_switch_lock, taken for this op.
     */
    record Call(OpKind op, int ctx, int cpu, int frame, boolean switchLocked) implements Message {
        @Override
        public String name() {
            return op.kernelName();
        }
    }

    /** percpu_ref_is_zero() as an if:'s condition: the answer goes to {@code frame} of {@code ctx}. */
    record IsZero(int ctx, int cpu, int frame, boolean switchLocked) implements Message {
    }

    static void receive(Post post, Program p, Address self, RefState r, Message msg) {
        if (msg instanceof IsZero z) {
            // Since v5.10 percpu_ref_is_zero() reads a ref out of percpu mode under
            // spin_lock_irqsave(&percpu_ref_switch_lock), "to protect us from being destroyed".
            if (r.percpu && !r.percpuMode() && !z.switchLocked()) {
                takeSwitchLockFirst(post, self, z.ctx(), z.cpu());
                return;
            }
            if (z.switchLocked()) {
                new Refcounts.Host(post, self, p, self.index(), z.ctx(), z.cpu(), true).switchLockTaken();
            }
            post.send(self, Address.cpu(z.cpu()), new CpuActor.Outcome(z.ctx(), z.frame(), Refcounts.isZero(r)));
            return;
        }
        if (msg instanceof Refcounts.PercpuRefSwitchToAtomicRcu s) {
            Refcounts.switchToAtomicRcu(new Refcounts.Host(post, self, p, self.index(), s.ctx(), s.cpu()), r);
            return;
        }
        if (!(msg instanceof Call c)) {
            throw new IllegalArgumentException("ref " + r.name + " cannot handle " + msg.name());
        }
        if (r.percpu && takesSwitchLock(c.op(), r) && !c.switchLocked()) {
            takeSwitchLockFirst(post, self, c.ctx(), c.cpu());
            return;
        }
        Refcounts.Host h = new Refcounts.Host(post, self, p, self.index(), c.ctx(), c.cpu(), c.switchLocked());
        boolean value = switch (c.op()) {
            case PERCPU_REF_PUT, KREF_PUT -> Refcounts.put(h, r);
            case PERCPU_REF_TRYGET, KREF_GET_UNLESS_ZERO -> Refcounts.tryget(h, r);
            case PERCPU_REF_TRYGET_LIVE -> Refcounts.trygetLive(h, r);
            default -> {
                perform(h, r, c.op());
                yield true;
            }
        };
        if (c.frame() >= 0) {
            // Sent after a release the op triggered: the answer names the caller's frame, below it.
            post.send(self, Address.cpu(c.cpu()), new CpuActor.Outcome(c.ctx(), c.frame(), value));
        }
    }

    /**
     * The ops that begin with spin_lock_irqsave(&percpu_ref_switch_lock) on a percpu_ref; an exit of
     * a ref already exited finds ref->data NULL and returns before the lock.
     */
    private static boolean takesSwitchLock(OpKind op, RefState r) {
        return switch (op) {
            case PERCPU_REF_KILL, PERCPU_REF_RESURRECT, PERCPU_REF_REINIT -> true;
            case PERCPU_REF_EXIT -> !r.exited;
            default -> false;
        };
    }

    /**
     * The op must hold percpu_ref_switch_lock, which another context may hold: the caller's CPU
     * takes it first and, once it is granted, sends the op again.
     */
    private static void takeSwitchLockFirst(Post post, Address self, int ctx, int cpu) {
        post.send(self, Address.cpu(cpu), new CpuActor.TakeSwitchLock(ctx));
    }

    /** The ops that return nothing. */
    private static void perform(Refcounts.Host h, RefState r, OpKind op) {
        switch (op) {
            case PERCPU_REF_INIT -> {
                r.init();
                h.change(r.describe());
            }
            case PERCPU_REF_GET, KREF_GET -> Refcounts.get(h, r);
            case PERCPU_REF_KILL -> Refcounts.kill(h, r);
            case PERCPU_REF_RESURRECT -> Refcounts.resurrectWhenSwitched(h, r);
            case PERCPU_REF_REINIT -> {
                if (!r.switching && !Refcounts.isZero(r)) {
                    h.warn("percpu_ref_reinit on a non-zero ref " + r.name);
                }
                Refcounts.resurrectWhenSwitched(h, r);
            }
            case PERCPU_REF_EXIT -> Refcounts.exit(h, r);
            default -> throw new IllegalArgumentException("not a refcount op: " + op);
        }
    }
}
