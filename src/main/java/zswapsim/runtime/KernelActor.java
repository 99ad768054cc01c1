package zswapsim.runtime;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import zswapsim.sim.RunLoop;
import zswapsim.kernel.Address;
import zswapsim.kernel.Delivery;

/**
 * One actor of the kernel model (a CPU, RCU, a lock, a ref, the workqueue, zswap) hosted in a
 * Pekko typed actor. It is handed only the messages addressed to it, each with the run it belongs
 * to; its behaviour (the kernel model's, for its address) changes its own state in that run and
 * returns the messages it sends, which go back to the Conductor to be delivered in turn.
 */
final class KernelActor extends AbstractBehavior<KernelActor.Deliver> {

    /** Handle {@code delivery} in {@code run}, then tell {@code replyTo} what it sent. */
    record Deliver(Delivery delivery, RunLoop run, ActorRef<Conductor.Command> replyTo) {
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
        if (to.kind() != self.kind() || to.index() != self.index()) {
            d.replyTo().tell(new Conductor.Delivered(null, new IllegalStateException(
                    "message for " + to + " delivered to " + self)));
            return this;
        }
        try {
            d.replyTo().tell(new Conductor.Delivered(d.run().deliver(d.delivery()), null));
        } catch (RuntimeException e) {
            d.replyTo().tell(new Conductor.Delivered(null, e));
        }
        return this;
    }
}
