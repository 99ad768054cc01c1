package zswapsim.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import zswapsim.sim.RunLoop;
import zswapsim.sim.RunResult;

/**
 * Runs simulations on Pekko actors: per run, a Conductor and one component actor per CPU, RCU
 * and lock. One actor system can host many runs, one after another.
 */
public final class ActorRuntime implements AutoCloseable {
    /** The dispatcher from reference.conf that suits a strict-turn simulation: one thread. */
    public static final String SIM_DISPATCHER = "zswapsim.sim-dispatcher";

    /** Ask the guardian to start one run. */
    private record StartRun(RunLoop loop, CompletableFuture<RunResult> result) {
    }

    private final ActorSystem<StartRun> system;

    private ActorRuntime(DispatcherSelector dispatcher) {
        this.system = ActorSystem.create(guardian(dispatcher), "zswapsim");
    }

    public static ActorRuntime start(DispatcherSelector dispatcher) {
        return new ActorRuntime(dispatcher);
    }

    /** One run in its own actor system, on the simulation dispatcher. */
    public static RunResult run(RunLoop loop) {
        return run(loop, DispatcherSelector.fromConfig(SIM_DISPATCHER));
    }

    public static RunResult run(RunLoop loop, DispatcherSelector dispatcher) {
        try (ActorRuntime runtime = start(dispatcher)) {
            return runtime.runOne(loop);
        }
    }

    /** Runs {@code loop} to its end on this runtime's actors. */
    public RunResult runOne(RunLoop loop) {
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        system.tell(new StartRun(loop, result));
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static Behavior<StartRun> guardian(DispatcherSelector dispatcher) {
        return Behaviors.setup(ctx -> {
            int[] runs = {0};
            return Behaviors.receiveMessage(start -> {
                ctx.spawn(Conductor.create(start.loop(), start.result(), dispatcher), "conductor-" + runs[0]++, dispatcher);
                return Behaviors.same();
            });
        });
    }

    @Override
    public void close() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
