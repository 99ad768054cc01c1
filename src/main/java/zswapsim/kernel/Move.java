package zswapsim.kernel;

import zswapsim.scenario.ScenarioException;

/**
 * One enabled choice of the scheduler. Its token is what a schedule file lists:
 * {@code s0} CPU0's top context runs its next step, {@code w0.3} CPU0 switches to task 3,
 * {@code i1.0} interrupt 0 arrives on CPU1, {@code x1} CPU1 runs its pending softirqs at an irq
 * exit, on top of whatever runs (ksoftirqd/N is a task: {@code w}), {@code g} a grace period starts, {@code q1} CPU1 reports a quiescent state,
 * {@code t0.1} CPU0's local timer interrupt finds timer 1 expired, {@code h0.0} CPU0's
 * hrtimer_interrupt() finds hrtimer 0 expired.
 */
public record Move(Kind kind, int cpu, int arg) implements Comparable<Move> {

    public enum Kind {
        STEP("s"), SWITCH("w"), IRQ("i"), SOFTIRQ("x"), GP_START("g"), QS("q"), TIMER("t"), HRTIMER("h");

        final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    public String token() {
        return switch (kind) {
            case GP_START -> "g";
            case SWITCH, IRQ, TIMER, HRTIMER -> kind.prefix + cpu + "." + arg;
            default -> kind.prefix + cpu;
        };
    }

    /** A schedule as its file and the reports write it: the moves' tokens, space-separated. */
    public static String tokens(java.util.List<Move> moves) {
        StringBuilder b = new StringBuilder();
        for (Move m : moves) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(m.token());
        }
        return b.toString();
    }

    public static Move parse(String token) {
        try {
            if (token.equals("g")) {
                return new Move(Kind.GP_START, -1, 0);
            }
            for (Kind k : Kind.values()) {
                if (token.startsWith(k.prefix) && k != Kind.GP_START) {
                    String rest = token.substring(1);
                    if (k == Kind.SWITCH || k == Kind.IRQ || k == Kind.TIMER || k == Kind.HRTIMER) {
                        String[] p = rest.split("\\.", 2);
                        return new Move(k, Integer.parseInt(p[0]), Integer.parseInt(p[1]));
                    }
                    return new Move(k, Integer.parseInt(rest), 0);
                }
            }
        } catch (RuntimeException e) {
            // fall through to the error below
        }
        throw new ScenarioException("bad schedule token '" + token + "' (expected s<cpu>, w<cpu>.<task>, i<cpu>.<irq>, x<cpu>, g, q<cpu>, t<cpu>.<timer> or h<cpu>.<hrtimer>)");
    }

    @Override
    public int compareTo(Move o) {
        if (kind != o.kind) {
            return kind.compareTo(o.kind);
        }
        if (cpu != o.cpu) {
            return Integer.compare(cpu, o.cpu);
        }
        return Integer.compare(arg, o.arg);
    }

    @Override
    public String toString() {
        return token();
    }
}
