package zswapsim.explore;

import java.util.Arrays;
import zswapsim.kernel.Locality;
import zswapsim.kernel.Move;
import zswapsim.kernel.Symmetry;

/**
 * The moves a state need not take (Godefroid 1996, chapter 5): each was taken from an ancestor
 * and commutes with every move taken since, so where it leads from here, the ancestor's branch
 * that took it first already leads (the two orders end in the same state). Each move keeps its
 * {@link Locality#footprint footprint} from when it was taken: untouched since, its deliveries
 * find the same states, so it is the same move with the same footprint here.
 *
 * <p>In the visited set a state keeps its sleep set by the moves' canonical names ({@link
 * #codes}), sorted, to compare arrivals under any renaming of interchangeable CPUs.
 */
final class SleepSet {
    static final SleepSet EMPTY = new SleepSet(new Move[0], new long[0]);
    private static final long[] NO_CODES = new long[0];

    private final Move[] moves;
    private final long[] footprints;

    private SleepSet(Move[] moves, long[] footprints) {
        this.moves = moves;
        this.footprints = footprints;
    }

    boolean isEmpty() {
        return moves.length == 0;
    }

    boolean contains(Move m) {
        for (Move s : moves) {
            if (s.equals(m)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The sleep set after taking {@code taken[i]}, which had footprint {@code takenFootprints[i]}: the
     * moves asleep here or taken before it from here ({@code taken[0..i-1]}) that commute with it.
     */
    SleepSet after(Move[] taken, long[] takenFootprints, int i) {
        long f = takenFootprints[i];
        if (f == Locality.DEPENDENT || moves.length + i == 0) {
            return EMPTY;
        }
        Move[] m = new Move[moves.length + i];
        long[] fp = new long[m.length];
        int n = 0;
        for (int k = 0; k < moves.length; k++) {
            if (Locality.independent(footprints[k], f)) {
                m[n] = moves[k];
                fp[n++] = footprints[k];
            }
        }
        for (int k = 0; k < i; k++) {
            if (Locality.independent(takenFootprints[k], f)) {
                m[n] = taken[k];
                fp[n++] = takenFootprints[k];
            }
        }
        return n == 0 ? EMPTY : new SleepSet(Arrays.copyOf(m, n), Arrays.copyOf(fp, n));
    }

    /**
     * Without the moves of CPUs that tie in {@code c}'s sort (they have no one canonical name),
     * and, if {@code keep} is not null, without those whose canonical name is not in it.
     */
    SleepSet retain(Symmetry.Canonical c, long[] keep) {
        if (moves.length == 0) {
            return this;
        }
        Move[] m = new Move[moves.length];
        long[] fp = new long[moves.length];
        int n = 0;
        for (int k = 0; k < moves.length; k++) {
            if (!c.tied(moves[k].cpu()) && (keep == null || Arrays.binarySearch(keep, c.moveCode(moves[k])) >= 0)) {
                m[n] = moves[k];
                fp[n++] = footprints[k];
            }
        }
        return n == moves.length ? this : n == 0 ? EMPTY : new SleepSet(Arrays.copyOf(m, n), Arrays.copyOf(fp, n));
    }

    /** The moves' canonical names under {@code c}, sorted (none tied: see {@link #retain}). */
    long[] codes(Symmetry.Canonical c) {
        if (moves.length == 0) {
            return NO_CODES;
        }
        long[] out = new long[moves.length];
        for (int k = 0; k < moves.length; k++) {
            out[k] = c.moveCode(moves[k]);
        }
        Arrays.sort(out);
        return out;
    }

    /** Is every code of sorted {@code a} in sorted {@code b}? */
    static boolean subset(long[] a, long[] b) {
        for (long x : a) {
            if (Arrays.binarySearch(b, x) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The codes of sorted {@code a} that are (or, with {@code in} false, are not) in sorted {@code b}, sorted. */
    static long[] filter(long[] a, long[] b, boolean in) {
        long[] out = new long[a.length];
        int n = 0;
        for (long x : a) {
            if (Arrays.binarySearch(b, x) >= 0 == in) {
                out[n++] = x;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
