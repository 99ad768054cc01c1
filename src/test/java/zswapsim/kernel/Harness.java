package zswapsim.kernel;

import java.util.ArrayList;
import java.util.List;
import zswapsim.explore.CheckOptions;
import zswapsim.explore.CheckResult;
import zswapsim.explore.Checker;
import zswapsim.scenario.ScenarioLoader;
import zswapsim.trace.TraceEvent;

/** Drives the model from a YAML text: step by step, or along a schedule, keeping the events. */
final class Harness {
    final Kernel kernel;
    final KernelState state;
    final List<TraceEvent> events = new ArrayList<>();

    Harness(String yaml) {
        kernel = Kernel.of(ScenarioLoader.parse("test.yaml", yaml));
        state = kernel.initialState();
    }

    /** The YAML's scenario checked over every schedule, with the default options. */
    static CheckResult check(String yaml) {
        return new Checker(Kernel.of(ScenarioLoader.parse("test.yaml", yaml)), CheckOptions.defaults(), null).check();
    }

    List<Move> moves() {
        return kernel.enabledMoves(state);
    }

    boolean can(String token) {
        return moves().contains(Move.parse(token));
    }

    Harness play(String schedule) {
        for (String token : schedule.trim().split("\\s+")) {
            Move m = Move.parse(token);
            if (!moves().contains(m)) {
                throw new AssertionError("move " + token + " not enabled; enabled: " + moves());
            }
            kernel.apply(state, m, events::add);
        }
        return this;
    }

    /** Makes the first enabled move until none is left or {@code n} moves were made. */
    Harness runFirst(int n) {
        for (int i = 0; i < n && !moves().isEmpty(); i++) {
            play(moves().get(0).token());
        }
        return this;
    }

    /** Steps CPU {@code cpu} for as long as it can step (its code, and what runs on top, to their end). */
    Harness stepWhilePossible(int cpu) {
        while (can("s" + cpu)) {
            play("s" + cpu);
        }
        return this;
    }

    /** Steps CPU {@code cpu} {@code n} times. */
    Harness step(int cpu, int n) {
        return play(("s" + cpu + " ").repeat(n));
    }

    CpuState cpu(int c) {
        return state.cpus[c];
    }

    Context top(int c) {
        return Moves.top(state, c);
    }

    boolean holds(String lock) {
        int i = kernel.lockNames().indexOf(lock);
        return !state.locks[i].free();
    }

    List<String> kinds() {
        return events.stream().map(TraceEvent::kind).toList();
    }

    TraceEvent last() {
        return events.get(events.size() - 1);
    }
}
