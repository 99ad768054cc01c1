package zswapsim.runtime;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import zswapsim.explore.RunLoop;
import zswapsim.kernel.Move;

/**
 * A simulated component: a CPU, RCU, or a lock. It performs the moves the Conductor delivers to
 * it, by running the kernel model on the state lent to it for that one turn, and reports back.
 * Components never message each other: everything goes through the Conductor.
 */
final class Component extends AbstractBehavior<Component.Command> {

    sealed interface Command permits Deliver {
    }

    /** Perform {@code move}, then tell {@code replyTo}. */
    record Deliver(Move move, ActorRef<Conductor.Command> replyTo) implements Command {
    }

    private final RunLoop loop;

    static Behavior<Command> create(RunLoop loop) {
        return Behaviors.setup(ctx -> new Component(ctx, loop));
    }

    private Component(ActorContext<Command> context, RunLoop loop) {
        super(context);
        this.loop = loop;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder().onMessage(Deliver.class, this::onDeliver).build();
    }

    private Behavior<Command> onDeliver(Deliver d) {
        try {
            loop.perform(d.move());
            d.replyTo().tell(new Conductor.Delivered(null));
        } catch (RuntimeException e) {
            d.replyTo().tell(new Conductor.Delivered(e));
        } catch (Error e) {
            d.replyTo().tell(new Conductor.Delivered(new IllegalStateException(e)));
        }
        return this;
    }
}
