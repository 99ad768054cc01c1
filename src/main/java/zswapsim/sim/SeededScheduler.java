package zswapsim.sim;

import java.util.List;
import java.util.SplittableRandom;
import zswapsim.kernel.Move;

/** Picks uniformly among the enabled moves with a {@link SplittableRandom} from the run's seed. */
public final class SeededScheduler implements Scheduler {
    private final SplittableRandom random;

    public SeededScheduler(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public Move choose(List<Move> enabled, int step) {
        return enabled.get(random.nextInt(enabled.size()));
    }
}
