package zswapsim.sim;

import java.util.List;
import zswapsim.kernel.Move;
import zswapsim.scenario.ScenarioException;

/**
 * Replays a schedule: the i-th choice is the i-th token. Past its end it hands over to
 * {@code rest} (a seeded scheduler), so a prefix from the checker can be run to the end.
 */
public final class ReplayScheduler implements Scheduler {
    private final String source;
    private final List<Move> moves;
    private final Scheduler rest;

    public ReplayScheduler(String source, List<Move> moves, Scheduler rest) {
        this.source = source;
        this.moves = List.copyOf(moves);
        this.rest = rest;
    }

    @Override
    public Move choose(List<Move> enabled, int step) {
        if (step >= moves.size()) {
            return rest.choose(enabled, step);
        }
        Move m = moves.get(step);
        if (!enabled.contains(m)) {
            throw new ScenarioException(source + ": schedule step " + (step + 1) + ": move '" + m.token()
                    + "' is not possible here (possible: " + Move.tokens(enabled)
                    + "); was the schedule made for another scenario or version?");
        }
        return m;
    }
}
