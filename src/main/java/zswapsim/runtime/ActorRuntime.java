package zswapsim.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import zswapsim.explore.RunLoop;
import zswapsim.explore.RunResult;

/** Runs one simulation on Pekko actors: a Conductor and one component actor per CPU, RCU and lock. */
public final class ActorRuntime {
    /** The dispatcher from reference.conf that suits a strict-turn simulation: one thread. */
    public static final String SIM_DISPATCHER = "zswapsim.sim-dispatcher";

    private ActorRuntime() {
    }

    public static RunResult run(RunLoop loop) {
        return run(loop, DispatcherSelector.fromConfig(SIM_DISPATCHER));
    }

    public static RunResult run(RunLoop loop, DispatcherSelector dispatcher) {
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
            ctx.spawn(Conductor.create(loop, result, dispatcher), "conductor", dispatcher);
            return Behaviors.empty();
        }), "zswapsim");
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }
}
