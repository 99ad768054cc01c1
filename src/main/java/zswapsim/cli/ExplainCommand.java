package zswapsim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import zswapsim.scenario.Expect;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioException;
import zswapsim.scenario.Spelling;

/**
 * {@code zswapsim explain [KIND]}: what a lockdep report kind means. The texts live in one place,
 * {@code src/main/resources/zswapsim/explain/<kind>.txt}, one file per kind of docs/scenario-format.md;
 * each starts with the kernel's headline, so that the list without an argument can show it. The
 * lessons that show a kind are not written there but found from the bundled scenarios' expect: blocks.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain a lockdep report kind: the rule, why it can deadlock, how to fix it.",
                "Prints the kernel's headline, the rule, the kernel's CPU0/CPU1 picture of",
                "the deadlock, the fix, and the lessons in scenarios/lockdep/ that show it.",
                "Without KIND, lists the kinds."})
final class ExplainCommand implements Callable<Integer> {
    private static final String RESOURCE_DIR = "/zswapsim/explain/";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KIND", arity = "0..1",
            description = "A report kind as in check's and run's output, e.g. inconsistent-lock-state.")
    String kind;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (kind == null) {
            out.println("Lockdep report kinds (zswapsim explain KIND for one):");
            out.println();
            for (String k : Expect.LOCKDEP_KINDS) {
                out.printf("  %-25s %s%n", k, headline(text(k)));
            }
            return ExitCodes.OK;
        }
        if (!Expect.LOCKDEP_KINDS.contains(kind)) {
            throw new ScenarioException("unknown report kind '" + kind + "'"
                    + Spelling.hint(kind, Expect.LOCKDEP_KINDS, "") + " (kinds: " + String.join(", ", Expect.LOCKDEP_KINDS) + ")");
        }
        out.print(text(kind).stripTrailing() + "\n\n" + lessons(kind));
        return ExitCodes.OK;
    }

    /** The explanation of {@code kind}, a kind of {@link Expect#LOCKDEP_KINDS}. */
    static String text(String kind) {
        try (InputStream in = ExplainCommand.class.getResourceAsStream(RESOURCE_DIR + kind + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("no explanation bundled for report kind " + kind);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The "Lessons" section: every bundled scenario whose expect: block lists {@code kind}, with its title. */
    static String lessons(String kind) {
        StringBuilder b = new StringBuilder("Lessons (the bundled scenarios whose expect: lists ").append(kind).append(")\n");
        List<Scenario> lessons = BundledScenarios.reporting(kind);
        int width = lessons.stream().mapToInt(s -> s.file().length()).max().orElse(0);
        for (Scenario s : lessons) {
            b.append(String.format("  %-" + width + "s  %s%n", s.file(), s.name()));
        }
        return b.toString();
    }

    /** The first line of an explanation: the kernel's headline. */
    static String headline(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
