package zswapsim.runtime;

import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The benchmark's baseline: a bare strict-turn ping-pong between two Pekko actors on the
 * simulation dispatcher, the same message pattern as Conductor and Component with no model work.
 */
public final class PingPong {
    private PingPong() {
    }

    private record Ball(int left, ActorRef<Ball> replyTo) {
    }

    /** Plays {@code rounds} round trips and returns them; the caller times it. */
    public static int play(int rounds) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        DispatcherSelector dispatcher = DispatcherSelector.fromConfig(ActorRuntime.SIM_DISPATCHER);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
            ActorRef<Ball> pong = ctx.spawn(echo(), "pong", dispatcher);
            ActorRef<Ball> ping = ctx.spawn(Behaviors.receiveMessage((Ball b) -> {
                if (b.left() == 0) {
                    done.complete(rounds);
                    return Behaviors.stopped();
                }
                pong.tell(new Ball(b.left() - 1, b.replyTo()));
                return Behaviors.same();
            }), "ping", dispatcher);
            ping.tell(new Ball(rounds, ping));
            return Behaviors.empty();
        }), "zswapsim-pingpong");
        try {
            return done.join();
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    private static Behavior<Ball> echo() {
        return Behaviors.receiveMessage(b -> {
            b.replyTo().tell(b);
            return Behaviors.same();
        });
    }
}
