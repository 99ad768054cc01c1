package zswapsim.runtime;

import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The benchmark's baseline: a bare strict-turn ping-pong between two Pekko actors on the
 * simulation dispatcher, the same message pattern as the Conductor and the kernel actors with no
 * model work. The actors are started once, so a timed game pays for messages only.
 */
public final class PingPong implements AutoCloseable {

    private sealed interface Command permits Serve, Ball {
    }

    /** Start a game of {@code rounds} round trips; complete {@code done} when it is over. */
    private record Serve(int rounds, CompletableFuture<Void> done) implements Command {
    }

    private record Ball(int left, ActorRef<Command> replyTo) implements Command {
    }

    private final ActorSystem<Command> system;

    private PingPong() {
        DispatcherSelector dispatcher = DispatcherSelector.fromConfig(ActorRuntime.SIM_DISPATCHER);
        this.system = ActorSystem.create(Behaviors.setup(ctx -> {
            ActorRef<Command> pong = ctx.spawn(echo(), "pong", dispatcher);
            ActorRef<Command> ping = ctx.spawn(ping(pong), "ping", dispatcher);
            return Behaviors.receiveMessage(serve -> {
                ping.tell(serve);
                return Behaviors.same();
            });
        }), "zswapsim-pingpong");
    }

    public static PingPong start() {
        return new PingPong();
    }

    /** Plays {@code rounds} round trips and returns how long they took, in nanoseconds. */
    public long play(int rounds) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long t0 = System.nanoTime();
        system.tell(new Serve(rounds, done));
        done.join();
        return System.nanoTime() - t0;
    }

    private static Behavior<Command> ping(ActorRef<Command> pong) {
        return Behaviors.setup(ctx -> {
            CompletableFuture<?>[] game = new CompletableFuture<?>[1];
            return Behaviors.receiveMessage(c -> {
                if (c instanceof Serve s) {
                    game[0] = s.done();
                    pong.tell(new Ball(s.rounds(), ctx.getSelf()));
                } else if (c instanceof Ball b) {
                    if (b.left() <= 1) {
                        game[0].complete(null);
                    } else {
                        pong.tell(new Ball(b.left() - 1, b.replyTo()));
                    }
                }
                return Behaviors.same();
            });
        });
    }

    private static Behavior<Command> echo() {
        return Behaviors.receiveMessage(c -> {
            if (c instanceof Ball b) {
                b.replyTo().tell(b);
            }
            return Behaviors.same();
        });
    }

    @Override
    public void close() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
