package zswapsim.runtime;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import zswapsim.kernel.Address;
import zswapsim.kernel.Delivery;

/**
 * One actor of the kernel model (a CPU, RCU, a lock, a ref, the workqueue, zswap) hosted in a
 * Pekko typed actor. It is handed only the messages addressed to it, each with the run it belongs
 * to; its behaviour (the kernel model's, for its address) changes its own state in that run and
 * returns the messages it sends, which join the move's {@link Turn}; the actor then hands the
 * turn on with its oldest pending message (or back to the Conductor when none is left).
 */
final class KernelActor extends AbstractBehavior<KernelActor.Deliver> {

    /** Handle {@code delivery} in the turn's run, then pass the turn on. */
    record Deliver(Delivery delivery, Turn turn) {
    }

    private final Address self;

    static Behavior<Deliver> create(Address self) {
        return Behaviors.setup(ctx -> new KernelActor(ctx, self));
    }

    private KernelActor(ActorContext<Deliver> context, Address self) {
        super(context);
        this.self = self;
    }

    @Override
    public Receive<Deliver> createReceive() {
        return newReceiveBuilder().onMessage(Deliver.class, this::onDeliver).build();
    }

    private Behavior<Deliver> onDeliver(Deliver d) {
        Address to = d.delivery().to();
        Turn turn = d.turn();
        if (to.kind() != self.kind() || to.index() != self.index()) {
            turn.failed(new IllegalStateException("message for " + to + " delivered to " + self));
            return this;
        }
        try {
            turn.deliver(d.delivery());
        } catch (RuntimeException e) {
            turn.failed(e);
            return this;
        }
        turn.passOn();
        return this;
    }
}
