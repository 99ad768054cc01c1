package zswapsim.explore;

import zswapsim.sim.RunLoop;
import zswapsim.sim.SeededScheduler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import zswapsim.kernel.Kernel;

/**
 * Many seeded runs spread over a pool of Pekko workers. Each worker runs whole seeds with the
 * in-process {@link RunLoop} (the same model as {@code run}); results are sorted by seed, so they
 * do not depend on the number of workers or on timing.
 */
public final class Explorer {
    private Explorer() {
    }

    /** A batch of seeds for a worker. */
    private record Batch(List<Long> seeds, ActorRef<BatchDone> replyTo) {
    }

    /** A worker's results, or what stopped it: a failure must end the exploration, not hang it. */
    private record BatchDone(List<RunSummary> runs, Throwable failure) {
    }

    public static List<RunSummary> explore(Kernel kernel, long firstSeed, int runs, int maxSteps, int workers) {
        CompletableFuture<List<RunSummary>> done = new CompletableFuture<>();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
            List<RunSummary> all = new ArrayList<>();
            // The loop below must not read the collector's counter: a fast worker may have decremented it.
            int batches = Math.min(workers, runs);
            int[] outstanding = {batches};
            ActorRef<BatchDone> collector = ctx.spawn(Behaviors.receiveMessage(part -> {
                if (part.failure() != null) {
                    done.completeExceptionally(part.failure());
                    return Behaviors.stopped();
                }
                all.addAll(part.runs());
                if (--outstanding[0] == 0) {
                    all.sort(Comparator.comparingLong(RunSummary::seed));
                    done.complete(List.copyOf(all));
                }
                return Behaviors.same();
            }), "collector");
            if (runs == 0) {
                done.complete(List.of());
            }
            for (int w = 0; w < batches; w++) {
                List<Long> seeds = new ArrayList<>();
                for (int i = w; i < runs; i += batches) {
                    seeds.add(firstSeed + i);
                }
                ctx.spawn(worker(kernel, maxSteps), "worker-" + w).tell(new Batch(seeds, collector));
            }
            return Behaviors.empty();
        }), "zswapsim-explore");
        try {
            return done.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    private static Behavior<Batch> worker(Kernel kernel, int maxSteps) {
        return Behaviors.receiveMessage(batch -> {
            List<RunSummary> out = new ArrayList<>(batch.seeds().size());
            try {
                for (long seed : batch.seeds()) {
                    out.add(RunSummary.of(new RunLoop(kernel, new SeededScheduler(seed), seed, maxSteps, false)
                            .silentLockdep().runToEnd()));
                }
                batch.replyTo().tell(new BatchDone(out, null));
            } catch (RuntimeException | Error e) {
                batch.replyTo().tell(new BatchDone(List.of(), e));
            }
            return Behaviors.stopped();
        });
    }
}
