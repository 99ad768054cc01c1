package zswapsim.cli;

import zswapsim.explore.CheckOptions;
import zswapsim.sim.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import zswapsim.explore.CheckResult;
import zswapsim.explore.Checker;
import zswapsim.sim.ReplayScheduler;
import zswapsim.sim.RunLoop;
import zswapsim.sim.RunResult;
import zswapsim.kernel.Kernel;
import zswapsim.kernel.Move;
import zswapsim.lockdep.LockdepReport;
import zswapsim.report.TextReport;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioException;
import zswapsim.scenario.ScenarioLoader;

/**
 * {@code zswapsim play}: the student is the scheduler. Each position is the scenario replayed
 * from its initial state through the moves chosen so far (the model is deterministic, so
 * {@code undo} is a replay of one move fewer); commands come one per line from standard input.
 */
@Command(name = "play", mixinStandardHelpOptions = true,
        description = {"You are the scheduler: choose every move of a run and try to deadlock it.",
                "Shows each CPU's context and state and the legal moves with what each would",
                "do; reads one command per line from standard input, so it can be scripted:",
                "  a move token (s0, w0.2, i0.0, x0, g, q1; see the README's schedules)",
                "  undo      take back the last move",
                "  moves     the schedule so far",
                "  quit      stop",
                "Says when lockdep reports and when the machine deadlocks, and scores you",
                "against the shortest deadlock that 'check' finds."})
final class PlayCommand implements Callable<Integer> {
    private static final int MAX_STATES = 2_000_000;
    private static final int MAX_DEPTH = 10_000;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The scenario file (YAML).")
    Path file;

    /** Standard input, set by {@link Main#execute}. */
    InputStream in = System.in;

    private Kernel kernel;
    private PrintWriter out;
    private CheckResult check;

    @Override
    public Integer call() throws IOException {
        Scenario scenario = ScenarioLoader.load(file);
        kernel = Kernel.of(scenario);
        out = spec.commandLine().getOut();
        out.println("play: " + scenario.name() + " (" + scenario.file() + ")");
        out.println("You are the scheduler. Type a legal move, undo, moves or quit; one per line.");
        if (scenario.lesson().question() != null) {
            out.println("question: " + scenario.lesson().question().strip().replaceAll("\\s+", " "));
        }
        List<Move> moves = new ArrayList<>();
        BufferedReader input = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Position shown = null;
        Position p = position(moves);
        while (true) {
            if (p != shown) {
                show(shown, p);
                shown = p;
            }
            if (p.over()) {
                out.println(TextReport.outcome(p.run()));
                out.println(score(p));
                return ExitCodes.OK;
            }
            out.print("> ");
            out.flush();
            String line = input.readLine();
            if (line == null || line.strip().equals("quit")) {
                out.println(line == null ? "end of input" : "quit");
                out.println("stopped after " + moves(moves.size()) + ". " + shortest());
                return ExitCodes.OK;
            }
            if (command(line.strip(), moves, p)) {
                p = position(moves);
            }
        }
    }

    /** Carries out one command; returns whether it changed the schedule. */
    private boolean command(String command, List<Move> moves, Position p) {
        switch (command) {
            case "" -> {
                return false;
            }
            case "undo" -> {
                if (moves.isEmpty()) {
                    out.println("nothing to undo: this is the initial state");
                    return false;
                }
                out.println("undo " + moves.remove(moves.size() - 1).token());
                return true;
            }
            case "moves" -> {
                out.println("schedule so far (" + moves(moves.size()) + "): " + Move.tokens(moves));
                return false;
            }
            default -> {
                Move move;
                try {
                    move = Move.parse(command);
                } catch (ScenarioException e) {
                    out.println("'" + command + "' is not a command: type a move token (" + Move.tokens(p.legal())
                            + "), undo, moves or quit");
                    return false;
                }
                if (!p.legal().contains(move)) {
                    out.println(move.token() + " is not a legal move here; legal: " + Move.tokens(p.legal()));
                    return false;
                }
                moves.add(move);
                return true;
            }
        }
    }

    /**
     * What {@code moves} lead to: the run replayed through them and stopped there, and the moves
     * legal next (none when the run is over).
     */
    private Position position(List<Move> moves) {
        RunLoop loop = new RunLoop(kernel, new ReplayScheduler("play", moves, (enabled, step) -> {
            throw new IllegalStateException("play replays only the moves chosen");
        }), 0, moves.size(), true);
        RunResult run = loop.runToEnd();
        boolean over = run.outcome() != Outcome.STEP_LIMIT;
        return new Position(List.copyOf(moves), run, over ? List.of() : kernel.enabledMoves(loop.state()));
    }

    /** The new step's events, new lockdep reports, every CPU's state, and the legal moves with what each does. */
    private void show(Position before, Position now) {
        List<String> steps = now.listing();
        int seen = before == null ? 0 : Math.min(before.listing().size(), steps.size());   // after undo: none
        steps.subList(seen, steps.size()).forEach(out::println);
        List<LockdepReport> reports = now.run().lockdep();
        int known = before == null ? 0 : Math.min(before.run().lockdep().size(), reports.size());
        for (LockdepReport r : reports.subList(known, reports.size())) {
            out.println();
            out.println("LOCKDEP REPORT (" + r.kind() + ") at step " + r.step() + ":");
            r.text().forEach(out::println);
        }
        out.println();
        out.println("after " + moves(now.moves().size()) + ":");
        now.run().cpus().forEach(c -> out.println("  " + c));
        now.run().refs().forEach(c -> out.println("  " + c));
        if (!now.legal().isEmpty()) {
            out.println("legal moves:");
            for (Move m : now.legal()) {
                out.printf("  %-6s %s%n", m.token(), preview(now, m));
            }
        }
    }

    /** What a move would do: the first line of its step, without the step number. */
    private String preview(Position p, Move m) {
        List<Move> next = new ArrayList<>(p.moves());
        next.add(m);
        List<String> lines = position(next).listing();
        int before = p.listing().size();
        return lines.size() > before ? lines.get(before).substring(7).strip() : "(nothing visible)";
    }

    private String score(Position p) {
        int steps = p.moves().size();
        if (p.run().outcome() == Outcome.DEADLOCK) {
            CheckResult r = check();
            if (!r.deadlockPossible()) {
                return "score: you deadlocked it in " + moves(steps) + " (check found none: please report this)";
            }
            int best = r.counterexample().size();
            String verdict = steps <= best ? "a shortest deadlock: full marks" : best + "/" + steps + " = "
                    + Math.round(100.0 * best / steps) + "%";
            return "score: you deadlocked the machine in " + moves(steps) + "; check's shortest deadlock takes "
                    + moves(best) + ": " + verdict + ".";
        }
        return "score: the run completed without a deadlock. " + shortest();
    }

    /** The shortest deadlock check finds, or that there is none (its length only: the schedule is the answer). */
    private String shortest() {
        CheckResult r = check();
        return switch (r.deadlockVerdict()) {
            case "possible" -> "check's shortest deadlock takes " + moves(r.counterexample().size()) + ".";
            case "never" -> "No schedule of this scenario deadlocks (check explored all " + r.states() + " states).";
            default -> "check could not decide within " + MAX_STATES + " states.";
        };
    }

    private CheckResult check() {
        if (check == null) {
            check = new Checker(kernel, CheckOptions.defaults().withMaxStates(MAX_STATES).withMaxDepth(MAX_DEPTH), null).check();
        }
        return check;
    }

    /** A position of the game: the moves chosen, the run they make, and what may come next. */
    /** "1 move", "3 moves". */
    private static String moves(int n) {
        return n + (n == 1 ? " move" : " moves");
    }

    private record Position(List<Move> moves, RunResult run, List<Move> legal) {
        boolean over() {
            return legal.isEmpty();
        }

        /** The run's steps as `run` lists them, one line each (not one per trace event). */
        List<String> listing() {
            return TextReport.listing(run.events());
        }
    }
}
