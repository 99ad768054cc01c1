package zswapsim.runtime;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import zswapsim.sim.RunLoop;
import zswapsim.sim.RunResult;
import zswapsim.kernel.Address;
import zswapsim.kernel.Delivery;
import zswapsim.kernel.Kernel;
import zswapsim.kernel.Move;

/**
 * Owns nondeterminism and virtual time, as in Coyote/P#: asks the run for the next move (chosen
 * by the seeded scheduler or the schedule being replayed), sends the actor that takes it its
 * own-step message, and then delivers every message the actors send, one at a time, in the order
 * they were sent, each to the Pekko actor it is addressed to; the stepping CPU's FinishStep comes
 * last. Exactly one delivery is in flight, so the run is the same on any dispatcher and any
 * number of cores, and the same as the kernel's in-process composition ({@link Kernel#apply}).
 */
final class Conductor extends AbstractBehavior<Conductor.Command> {

    sealed interface Command permits Next, Delivered {
    }

    /** Choose the next move. */
    enum Next implements Command { INSTANCE }

    /** An actor handled a delivery and sent {@code sent}; {@code failure} is set if the model rejected it. */
    record Delivered(List<Delivery> sent, RuntimeException failure) implements Command {
    }

    private final RunLoop run;
    private final CompletableFuture<RunResult> result;
    private final Map<Address, ActorRef<KernelActor.Deliver>> actors = new TreeMap<>(
            (a, b) -> a.kind() != b.kind() ? a.kind().compareTo(b.kind()) : Integer.compare(a.index(), b.index()));
    private final ArrayDeque<Delivery> pending = new ArrayDeque<>();
    private Move move;
    private Delivery finish;

    static Behavior<Command> create(RunLoop run, CompletableFuture<RunResult> result, DispatcherSelector dispatcher) {
        return Behaviors.setup(ctx -> new Conductor(ctx, run, result, dispatcher));
    }

    private Conductor(ActorContext<Command> context, RunLoop run, CompletableFuture<RunResult> result,
                      DispatcherSelector dispatcher) {
        super(context);
        this.run = run;
        this.result = result;
        Kernel kernel = run.kernel();
        for (Address a : kernel.actors()) {
            String name = kernel.name(a).replaceAll("[^A-Za-z0-9_-]", "_") + "-" + actors.size();
            actors.put(a, context.spawn(KernelActor.create(a, run), name, dispatcher));
        }
        context.getSelf().tell(Next.INSTANCE);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Next.class, n -> onNext())
                .onMessage(Delivered.class, this::onDelivered)
                .build();
    }

    private Behavior<Command> onNext() {
        try {
            move = run.nextMove();
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
            return Behaviors.stopped();
        }
        if (move == null) {
            result.complete(run.result());
            return Behaviors.stopped();
        }
        run.beginMove(move);
        pending.add(Kernel.ownStep(move));
        finish = Kernel.finishStep(move);
        return deliverNext();
    }

    private Behavior<Command> onDelivered(Delivered d) {
        if (d.failure() != null) {
            result.completeExceptionally(d.failure());
            return Behaviors.stopped();
        }
        pending.addAll(d.sent());
        return deliverNext();
    }

    /** Sends the oldest pending message to its actor; when none is left, the move ends. */
    private Behavior<Command> deliverNext() {
        Delivery d = pending.poll();
        if (d == null && finish != null) {
            d = finish;
            finish = null;
        }
        if (d == null) {
            try {
                run.endMove(move);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return Behaviors.stopped();
            }
            return onNext();
        }
        actors.get(d.to()).tell(new KernelActor.Deliver(d, getContext().getSelf()));
        return this;
    }
}
