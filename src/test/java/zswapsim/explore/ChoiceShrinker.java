package zswapsim.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing list of generator choices, as Hypothesis shrinks its choice sequences: drop
 * runs of choices, then lower single values, for as long as the failure stays. The generator
 * takes a missing choice as 0 and 0 is its simplest alternative, so a shorter list with smaller
 * values is a smaller scenario. Greedy and deterministic: the same failure shrinks the same way.
 */
final class ChoiceShrinker {
    private ChoiceShrinker() {
    }

    static List<Integer> shrink(List<Integer> failing, Predicate<List<Integer>> fails) {
        List<Integer> best = List.copyOf(failing);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int run = 8; run >= 1; run /= 2) {
                for (int i = 0; i + run <= best.size(); ) {
                    List<Integer> candidate = new ArrayList<>(best.subList(0, i));
                    candidate.addAll(best.subList(i + run, best.size()));
                    if (fails.test(candidate)) {
                        best = List.copyOf(candidate);
                        progress = true;
                    } else {
                        i++;
                    }
                }
            }
            for (int i = 0; i < best.size(); i++) {
                int v = best.get(i);
                for (int lower : lowerValues(v)) {
                    List<Integer> candidate = new ArrayList<>(best);
                    candidate.set(i, lower);
                    if (fails.test(candidate)) {
                        best = List.copyOf(candidate);
                        progress = true;
                        break;
                    }
                }
            }
        }
        return best;
    }

    /**
     * Values below {@code v} to try, smallest first: the small ones one by one (a choice is taken
     * modulo its number of alternatives, so the simplest value with the same meaning is small),
     * then half of it and one less.
     */
    private static List<Integer> lowerValues(int v) {
        List<Integer> out = new ArrayList<>();
        for (int x = 0; x < Math.min(v, SMALL); x++) {
            out.add(x);
        }
        for (int x : new int[] {v / 2, v - 1}) {
            if (x >= SMALL && !out.contains(x)) {
                out.add(x);
            }
        }
        return out;
    }

    private static final int SMALL = 12;
}
