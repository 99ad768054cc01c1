package zswapsim.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import zswapsim.sim.RunLoop;
import zswapsim.sim.RunResult;

/**
 * Runs simulations on Pekko actors: a Conductor and one actor per kernel actor (CPU, RCU, lock,
 * ...), spawned once and reused by every run on this runtime, one run after another.
 */
public final class ActorRuntime implements AutoCloseable {
    /** The dispatcher from reference.conf that suits a strict-turn simulation: one thread. */
    public static final String SIM_DISPATCHER = "zswapsim.sim-dispatcher";

    private final ActorSystem<Conductor.StartRun> system;

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
        return join(submit(loop));
    }

    /**
     * Queues {@code loop} behind the runs submitted before it and returns at once: the Conductor
     * starts each run when the one before has ended, so a batch keeps the simulation thread busy
     * instead of waking the caller between runs.
     */
    public CompletableFuture<RunResult> submit(RunLoop loop) {
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        system.tell(new Conductor.StartRun(loop, result));
        return result;
    }

    /** The result of a submitted run, its failure rethrown as the run's own exception. */
    public static RunResult join(CompletableFuture<RunResult> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Hands every run to the one Conductor, which runs on the simulation dispatcher. */
    private static Behavior<Conductor.StartRun> guardian(DispatcherSelector dispatcher) {
        return Behaviors.setup(ctx -> {
            ActorRef<Conductor.Command> conductor = ctx.spawn(Conductor.create(dispatcher), "conductor", dispatcher);
            return Behaviors.receiveMessage(start -> {
                conductor.tell(start);
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
