package zswapsim.cli;

import java.io.PrintWriter;
import zswapsim.explore.Checker;

/**
 * Progress of a long check on stderr: a line redrawn in place on a terminal, a line every few
 * seconds otherwise. Silent for checks that finish within a second. Wall-clock time is read
 * only here, for display; it never influences the search.
 */
final class ProgressPrinter implements Checker.Progress {
    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final long PIPE_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter err;
    private final String file;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private long lastPrint = start;
    private boolean printed;

    ProgressPrinter(PrintWriter err, String file) {
        this.err = err;
        this.file = file;
    }

    @Override
    public void report(long states, long transitions, int depth, int frontier) {
        long now = System.nanoTime();
        if (now - start < QUIET_NANOS || !terminal && now - lastPrint < PIPE_INTERVAL_NANOS) {
            return;
        }
        lastPrint = now;
        double secs = (now - start) / 1e9;
        Runtime rt = Runtime.getRuntime();
        String line = String.format("%s: %,d states (%,.0f/s), depth %d, frontier %,d, heap %,d/%,d MiB", file, states,
                states / secs, depth, frontier, (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        if (terminal) {
            err.print("\r" + line + "   ");
        } else {
            err.println(line);
        }
        err.flush();
        printed = true;
    }

    void done() {
        if (printed && terminal) {
            err.println();
        }
    }
}
