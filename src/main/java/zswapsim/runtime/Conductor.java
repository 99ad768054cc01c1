package zswapsim.runtime;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
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
import zswapsim.kernel.Kernel;
import zswapsim.kernel.Move;

/**
 * Owns nondeterminism and virtual time, as in Coyote/P#: asks the run for the next move (chosen
 * by the seeded scheduler or the schedule being replayed), sends the actor that takes it its
 * own-step message, and then every message the actors send is delivered, one at a time, in the
 * order they were sent, each to the Pekko actor it is addressed to; the stepping CPU's FinishStep
 * comes last. The actors hand the move's {@link Turn} on among themselves (a move's deliveries leave
 * nothing to choose) and it comes back here when the move is over. Exactly one delivery is in
 * flight, so the run is the same on any dispatcher and any number of cores, and the same as the
 * kernel's in-process composition ({@link Kernel#apply}).
 *
 * <p>Runs go one after another. The Pekko actors that host the kernel's actors are spawned the
 * first time a run needs their address and serve every later run: a kernel actor's state is the
 * run's, carried with each delivery, so nothing of one run is left in them for the next.
 */
final class Conductor extends AbstractBehavior<Conductor.Command> {

    sealed interface Command permits StartRun, MoveDone, Failed {
    }

    /** Run {@code loop} to its end and complete {@code result} (after the runs asked for before it). */
    record StartRun(RunLoop loop, CompletableFuture<RunResult> result) implements Command {
    }

    /** The move's last message was handled: the turn is back. */
    enum MoveDone implements Command { INSTANCE }

    /** The model rejected a delivery. */
    record Failed(RuntimeException failure) implements Command {
    }

    private final DispatcherSelector dispatcher;
    /** Where the actors reply (the context's self reference, looked up once). */
    private final ActorRef<Command> self;
    /** The hosting actors, by address kind and index. */
    @SuppressWarnings("unchecked")
    private final ActorRef<KernelActor.Deliver>[][] actors = new ActorRef[Address.Kind.values().length][0];
    private final ArrayDeque<StartRun> waiting = new ArrayDeque<>();
    private StartRun current;
    /** The current run's turn, reused by each of its moves. */
    private Turn turn;
    private Move move;

    static Behavior<Command> create(DispatcherSelector dispatcher) {
        return Behaviors.setup(ctx -> new Conductor(ctx, dispatcher));
    }

    private Conductor(ActorContext<Command> context, DispatcherSelector dispatcher) {
        super(context);
        this.dispatcher = dispatcher;
        this.self = context.getSelf();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(StartRun.class, this::onStartRun)
                .onMessage(MoveDone.class, done -> onMoveDone())
                .onMessage(Failed.class, this::onFailed)
                .build();
    }

    private Behavior<Command> onStartRun(StartRun start) {
        waiting.add(start);
        if (current == null) {
            startNext();
        }
        return this;
    }

    /** Takes the next waiting run, if any, with a host for each of its kernel's actors. */
    private void startNext() {
        current = waiting.poll();
        if (current == null) {
            return;
        }
        turn = new Turn(current.loop(), actors, self);
        for (Address a : current.loop().kernel().actors()) {
            host(a);
        }
        onNext();
    }

    private void host(Address a) {
        int k = a.kind().ordinal();
        if (a.index() >= actors[k].length) {
            actors[k] = Arrays.copyOf(actors[k], a.index() + 1);
        }
        if (actors[k][a.index()] == null) {
            String name = a.kind().name().toLowerCase(Locale.ROOT) + "-" + a.index();
            actors[k][a.index()] = getContext().spawn(KernelActor.create(a), name, dispatcher);
        }
    }

    private void finishRun(Runnable complete) {
        complete.run();
        current = null;
        startNext();
    }

    private void onNext() {
        RunLoop run = current.loop();
        try {
            move = run.nextMove();
        } catch (RuntimeException | Error e) {
            fail(e);
            return;
        }
        if (move == null) {
            CompletableFuture<RunResult> result = current.result();
            finishRun(() -> result.complete(run.result()));
            return;
        }
        run.beginMove(move);
        turn.begin(Kernel.ownStep(move), Kernel.finishStep(move));
        turn.passOn();
    }

    private void fail(Throwable e) {
        CompletableFuture<RunResult> result = current.result();
        finishRun(() -> result.completeExceptionally(e));
    }

    private Behavior<Command> onFailed(Failed f) {
        if (current != null) {
            fail(f.failure());
        }
        return this;
    }

    private Behavior<Command> onMoveDone() {
        if (current == null) {
            return this;
        }
        try {
            current.loop().endMove(move);
        } catch (RuntimeException e) {
            fail(e);
            return this;
        }
        onNext();
        return this;
    }
}
