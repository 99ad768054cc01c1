package zswapsim.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import zswapsim.explore.RunLoop;
import zswapsim.explore.RunResult;
import zswapsim.kernel.Move;

/**
 * Owns virtual time: asks the run for the next move (chosen by the seeded scheduler or the
 * schedule being replayed), delivers it to the component that owns it, and waits for that
 * delivery to finish before choosing the next. Exactly one delivery is in flight, so the run
 * is the same on any dispatcher and any number of cores.
 */
final class Conductor extends AbstractBehavior<Conductor.Command> {

    sealed interface Command permits Next, Delivered {
    }

    /** Choose and deliver the next move. */
    enum Next implements Command { INSTANCE }

    /** A component finished a delivery; {@code failure} is set if the model rejected it. */
    record Delivered(RuntimeException failure) implements Command {
    }

    private final RunLoop loop;
    private final CompletableFuture<RunResult> result;
    /** Indexed as {@link zswapsim.kernel.Kernel#ownerOf}: CPUs, then RCU, then locks. */
    private final List<ActorRef<Component.Command>> components = new ArrayList<>();
    private final DispatcherSelector dispatcher;

    static Behavior<Command> create(RunLoop loop, CompletableFuture<RunResult> result, DispatcherSelector dispatcher) {
        return Behaviors.setup(ctx -> new Conductor(ctx, loop, result, dispatcher));
    }

    private Conductor(ActorContext<Command> context, RunLoop loop, CompletableFuture<RunResult> result,
                      DispatcherSelector dispatcher) {
        super(context);
        this.loop = loop;
        this.result = result;
        this.dispatcher = dispatcher;
        int cpus = loop.kernel().scenario().cpus();
        for (int c = 0; c < cpus; c++) {
            spawn("cpu" + c);
        }
        spawn("rcu");
        for (String lock : loop.kernel().lockNames()) {
            spawn("lock:" + lock);
        }
        context.getSelf().tell(Next.INSTANCE);
    }

    private void spawn(String owner) {
        String actorName = owner.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + components.size();
        components.add(getContext().spawn(Component.create(loop), actorName, dispatcher));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Next.class, n -> onNext())
                .onMessage(Delivered.class, this::onDelivered)
                .build();
    }

    private Behavior<Command> onNext() {
        Move move;
        try {
            move = loop.nextMove();
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
            return Behaviors.stopped();
        }
        if (move == null) {
            result.complete(loop.result());
            return Behaviors.stopped();
        }
        components.get(loop.kernel().ownerOf(loop.state(), move)).tell(new Component.Deliver(move, getContext().getSelf()));
        return this;
    }

    private Behavior<Command> onDelivered(Delivered d) {
        if (d.failure() != null) {
            result.completeExceptionally(d.failure());
            return Behaviors.stopped();
        }
        return onNext();
    }
}
