package zswapsim.explore;

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
    private record Batch(List<Long> seeds, ActorRef<List<RunSummary>> replyTo) {
    }

    public static List<RunSummary> explore(Kernel kernel, long firstSeed, int runs, int maxSteps, int workers) {
        CompletableFuture<List<RunSummary>> done = new CompletableFuture<>();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
            List<RunSummary> all = new ArrayList<>();
            int[] outstanding = {Math.min(workers, runs)};
            ActorRef<List<RunSummary>> collector = ctx.spawn(Behaviors.receiveMessage(part -> {
                all.addAll(part);
                if (--outstanding[0] == 0) {
                    all.sort(Comparator.comparingLong(RunSummary::seed));
                    done.complete(List.copyOf(all));
                }
                return Behaviors.same();
            }), "collector");
            if (runs == 0) {
                done.complete(List.of());
            }
            for (int w = 0; w < outstanding[0]; w++) {
                List<Long> seeds = new ArrayList<>();
                for (int i = w; i < runs; i += outstanding[0]) {
                    seeds.add(firstSeed + i);
                }
                ctx.spawn(worker(kernel, maxSteps), "worker-" + w).tell(new Batch(seeds, collector));
            }
            return Behaviors.empty();
        }), "zswapsim-explore");
        try {
            return done.join();
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    private static Behavior<Batch> worker(Kernel kernel, int maxSteps) {
        return Behaviors.receiveMessage(batch -> {
            List<RunSummary> out = new ArrayList<>(batch.seeds().size());
            for (long seed : batch.seeds()) {
                out.add(RunSummary.of(new RunLoop(kernel, new SeededScheduler(seed), seed, maxSteps, false).silentLockdep().runToEnd()));
            }
            batch.replyTo().tell(out);
            return Behaviors.stopped();
        });
    }
}
