package zswapsim.explore;

import java.util.ArrayList;
import java.util.List;
import zswapsim.kernel.Deadlock;
import zswapsim.kernel.KernelState;
import zswapsim.kernel.Move;
import zswapsim.kernel.Symmetry;

/**
 * What expanding one state gave: the lockdep kinds it shows, whether it ends a schedule (and is
 * stuck), and its successors not seen on earlier levels. Computed by a checker worker from the
 * state and the visited set of earlier levels alone, which nobody changes meanwhile; the search
 * merges expansions in state order, so the result does not depend on which worker made which.
 */
record Expansion(List<String> kinds, boolean leaf, Deadlock stuck, boolean depthCut, boolean boundCut,
                 int transitions, List<Successor> successors) {

    /**
     * A successor state, its fingerprint, the move that led to it and the preemption bookkeeping;
     * with sleep sets its sleep set, its canonical renaming and the sleep set's canonical names
     * (else empty, null and null). With sleep sets, a successor an earlier level has is kept when
     * it arrived with fewer moves asleep than that state was expanded with.
     */
    record Successor(long fingerprint, Move move, KernelState state, int last, int used,
                     SleepSet sleep, Symmetry.Canonical canonical, long[] codes) {
    }

    static Expansion leaf(List<String> kinds, Deadlock stuck) {
        return new Expansion(kinds, true, stuck, false, false, 0, List.of());
    }

    static Expansion depthCut(List<String> kinds) {
        return new Expansion(kinds, false, null, true, false, 0, List.of());
    }

    /** Collects successors as a worker finds them. */
    static final class Builder {
        private final List<String> kinds;
        private final List<Successor> successors = new ArrayList<>();
        private boolean boundCut;
        private int transitions;

        Builder(List<String> kinds) {
            this.kinds = kinds;
        }

        void boundCut() {
            boundCut = true;
        }

        void transition() {
            transitions++;
        }

        void add(Successor s) {
            successors.add(s);
        }

        Expansion build() {
            return new Expansion(kinds, false, null, false, boundCut, transitions, successors);
        }
    }
}
