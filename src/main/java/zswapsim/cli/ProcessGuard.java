package zswapsim.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import zswapsim.explore.CheckResult;
import zswapsim.explore.Checker;
import zswapsim.explore.CutReason;
import zswapsim.explore.MemoryWatch;
import zswapsim.trace.AtomicFiles;

/**
 * How the process ends when the machine, not the input, stops it. Out of memory (or another
 * {@link VirtualMachineError}) in any thread is an internal error: one line saying what ran out
 * and what to do, exit 3, at once, never a stack trace or a hang. A signal (SIGINT, SIGTERM)
 * prints one line saying what was being done and what was written, and leaves no temporary file.
 */
final class ProcessGuard {
    private static final String ADVICE = "; give the JVM more (e.g. ZSWAPSIM_JAVA_OPTS=-Xmx4g) or ask for less"
            + " (check --max-states, run --max-steps, explore --runs)";
    /** Built in advance: when the heap is full, even this line may not be allocatable. */
    private static final byte[] HEAP_FULL = line("out of memory: the Java heap (at most "
            + (Runtime.getRuntime().maxMemory() >> 20) + " MiB) is full, or too nearly to go on" + ADVICE);

    private static volatile boolean installed;
    /** Set while a command that watches memory itself (check) runs: it stops, rather than the process. */
    private static volatile boolean watchingMemory;
    private static volatile boolean finished;
    private static volatile String doing = "starting";
    private static final List<String> WRITTEN = new CopyOnWriteArrayList<>();

    private ProcessGuard() {
    }

    /** For {@code main} only: a process-wide handler for fatal errors, and the hook that runs on a signal. */
    static void install() {
        installed = true;
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (isFatal(e)) {
                halt(e);
            }
            System.err.println("zswapsim: internal error in thread " + thread.getName() + ": " + e);
        });
        MemoryWatch.start(() -> {
            if (!watchingMemory) {
                halt(new OutOfMemoryError("Java heap"));
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished) {
                AtomicFiles.deleteTemporaryFiles();
                System.err.println("zswapsim: interrupted while " + doing + "; "
                        + (WRITTEN.isEmpty() ? "no output written" : "written: " + String.join(", ", WRITTEN)));
                System.err.flush();
            }
        }, "zswapsim-interrupt"));
    }

    /** Whether the process-wide handler is in place (it is not when tests run commands in-process). */
    static boolean installed() {
        return installed;
    }

    /** Whether the running command stops itself when {@link MemoryWatch#low()}, so that the guard need not. */
    static void watchingMemory(boolean on) {
        watchingMemory = on;
    }

    /**
     * Runs a check, which stops itself (incomplete) when the heap runs low. After such a stop the
     * heap stays full until collected, so a late warning is about the search already stopped: the
     * guard keeps leaving it to the command.
     */
    static CheckResult check(Checker checker) {
        watchingMemory(true);
        CheckResult r = checker.check();
        watchingMemory(r.cutBy() == CutReason.LOW_MEMORY);
        return r;
    }

    /** The command has ended (normally or not): exiting now is no interruption. */
    static void finished() {
        finished = true;
    }

    /** What the command is doing, for the line a signal prints. */
    static void doing(String what) {
        doing = what;
    }

    /** An output that is complete, for the line a signal prints. */
    static void wrote(Path out) {
        WRITTEN.add(out.toString());
    }

    /** A failure that leaves the JVM in no state to go on, found anywhere in {@code e}'s causes. */
    static VirtualMachineError fatalCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof VirtualMachineError vme) {
                return vme;
            }
        }
        return null;
    }

    static boolean isFatal(Throwable e) {
        return fatalCause(e) != null;
    }

    /** Set by the first fatal report: threads that fail together (explore's workers) print one line. */
    private static final java.util.concurrent.atomic.AtomicBoolean REPORTED = new java.util.concurrent.atomic.AtomicBoolean();

    /** Prints the one line for a fatal error ({@code e} or its cause) on stderr, once per process. */
    static void report(Throwable e) {
        if (!REPORTED.compareAndSet(false, true)) {
            return;
        }
        byte[] bytes = HEAP_FULL;
        try {
            VirtualMachineError fatal = fatalCause(e);
            if (fatal instanceof StackOverflowError) {
                bytes = line("internal error: a thread's stack overflowed; give it more (e.g. ZSWAPSIM_JAVA_OPTS=-Xss64m)");
            } else if (!(fatal instanceof OutOfMemoryError oom) || !isHeap(oom)) {
                bytes = line("out of memory: " + (fatal == null ? e : fatal.getMessage()) + ADVICE);
            }
        } catch (OutOfMemoryError again) {
            bytes = HEAP_FULL;
        }
        System.err.write(bytes, 0, bytes.length);
        System.err.flush();
    }

    /** Reports a fatal error, removes temporary files and ends the process with exit 3, now. */
    static void halt(Throwable e) {
        try {
            report(e);
            AtomicFiles.deleteTemporaryFiles();
        } finally {
            Runtime.getRuntime().halt(ExitCodes.INTERNAL_ERROR);
        }
    }

    private static boolean isHeap(OutOfMemoryError e) {
        String m = e.getMessage();
        return m == null || m.contains("heap") || m.contains("GC overhead") || m.contains("array size");
    }

    private static byte[] line(String text) {
        return ("zswapsim: " + text + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
