package zswapsim.explore;

import java.util.List;
import zswapsim.kernel.Move;

/**
 * CHESS-style preemption bounding: a schedule may preempt at most K times. A preemption is a
 * CPU or task taking over while the CPU that stepped last could still step (switching to a task
 * on a CPU whose current task could go on counts too), and every asynchronous arrival: an
 * interrupt, a timer tick, pending softirqs run at an irq exit. Moves after a CPU blocked or
 * finished are free, and so are RCU's own (a grace period starting, a quiescent state reported):
 * they interrupt no code. Bugs need few preemptions, so small K reaches most of them at sizes
 * the full search cannot.
 */
final class PreemptionBound {
    /** No stepping CPU yet. */
    static final int NONE = -1;

    private final int limit;

    PreemptionBound(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /** What {@code m} costs after {@code last} stepped, with {@code enabled} the moves of the state. */
    static int cost(Move m, int last, List<Move> enabled) {
        switch (m.kind()) {
            case IRQ, TIMER, SOFTIRQ:
                return 1;
            case GP_START, QS:
                return 0;
            case SWITCH:
                return canStep(enabled, m.cpu()) || m.cpu() != last && canStep(enabled, last) ? 1 : 0;
            default:
                return m.cpu() != last && last != NONE && canStep(enabled, last) ? 1 : 0;
        }
    }

    /** The CPU that counts as having stepped last after {@code m}. */
    static int lastAfter(Move m, int last) {
        return m.kind() == Move.Kind.GP_START || m.kind() == Move.Kind.QS ? last : m.cpu();
    }

    private static boolean canStep(List<Move> enabled, int cpu) {
        for (Move m : enabled) {
            if (m.kind() == Move.Kind.STEP && m.cpu() == cpu) {
                return true;
            }
        }
        return false;
    }
}
