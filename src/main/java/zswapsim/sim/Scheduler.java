package zswapsim.sim;

import java.util.List;
import zswapsim.kernel.Move;

/** Decides which enabled move happens next. */
public interface Scheduler {
    /** {@code enabled} is never empty and always in the model's fixed order. */
    Move choose(List<Move> enabled, int step);
}
