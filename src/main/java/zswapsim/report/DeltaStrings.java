package zswapsim.report;

import java.util.ArrayList;
import java.util.List;
import zswapsim.trace.Json;

/**
 * A sequence of strings where each is usually a small edit of the one before, written as edits:
 * the RCU line names every CPU still owing a quiescent state and every queued callback, so on 128
 * CPUs it runs to kilobytes and changes by a few characters per step. Every {@link #KEYFRAME}th
 * entry is whole, so a reader rebuilds any entry from at most that many edits.
 */
final class DeltaStrings {
    static final int KEYFRAME = 32;
    private final List<Object> entries = new ArrayList<>();
    private String last;

    /** Appends {@code s} and returns its index. */
    int add(String s) {
        if (last == null || entries.size() % KEYFRAME == 0) {
            entries.add(s);
        } else {
            int prefix = 0;
            int max = Math.min(last.length(), s.length());
            while (prefix < max && last.charAt(prefix) == s.charAt(prefix)) {
                prefix++;
            }
            int suffix = 0;
            while (suffix < max - prefix
                    && last.charAt(last.length() - 1 - suffix) == s.charAt(s.length() - 1 - suffix)) {
                suffix++;
            }
            // [kept prefix length, kept suffix length, new middle]
            entries.add(List.of(prefix, suffix, s.substring(prefix, s.length() - suffix)));
        }
        last = s;
        return entries.size() - 1;
    }

    void write(Json j) {
        j.value(entries);
    }
}
