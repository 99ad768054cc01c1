package zswapsim.scenario;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean" hints: the known word closest to a misspelt one, by edit distance, or else the
 * one known word it begins (a word cut short). Only close words are offered (at most two edits,
 * and fewer than a third of the word), so a hint is a likely typo rather than a guess.
 */
public final class Spelling {

    private Spelling() {
    }

    /** The candidate nearest to {@code word}, if one is close enough; ties go to the first in iteration order. */
    static Optional<String> closest(String word, Collection<String> candidates) {
        int limit = Math.min(2, Math.max(1, word.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (Math.abs(word.length() - candidate.length()) > limit) {
                continue;   // farther than the limit whatever the letters: no table (a megabyte word would take minutes)
            }
            int d = distance(word, candidate);
            if (d <= limit && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best == null && word.length() >= 3) {
            for (String candidate : candidates) {
                if (candidate.startsWith(word)) {
                    if (best != null) {
                        return Optional.empty();    // more than one: no guess
                    }
                    best = candidate;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code " (did you mean 'x'?)"}, or {@code otherwise} when nothing is close. */
    public static String hint(String word, Collection<String> candidates, String otherwise) {
        return closest(word, candidates).map(c -> " (did you mean '" + c + "'?)").orElse(otherwise);
    }

    /** Levenshtein distance, with a transposition of neighbours counting as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
