package zswapsim.kernel;

/**
 * {@code if:} in compiled code. The condition is an instruction like any other (a trylock asks its
 * lock, a tryget its ref, a predicate reads the CPU); its outcome comes back to the CPU (the lock's
 * or ref's answer, or the CPU's own reading) and moves the pc of the frame that tested it to the
 * else: ops when it does not hold.
 */
final class Branches {
    private Branches() {
    }

    /** The condition frame {@code frame} of {@code ctx} just ran (its pc is past it) came out {@code value}. */
    static void outcome(Machine m, Context ctx, int frame, boolean value) {
        Frame f = ctx.frames.get(frame);
        Insn cond = m.program.block(f.block()).insns().get(f.pc() - 1);
        boolean holds = value != cond.negate();
        m.change("condition " + (holds ? "holds: then" : "does not hold: else"));
        if (!holds) {
            ctx.setFrame(frame, f.at(cond.jump()));
        }
    }

    /** Was the instruction {@code ctx} is executing the condition of an if:? */
    static boolean testing(Machine m, Context ctx) {
        Frame f = ctx.top();
        return f != null && f.pc() > 0 && m.program.block(f.block()).insns().get(f.pc() - 1).isCondition();
    }

    /** The frame a reply to the condition now running goes to, or -1 when the instruction is not a condition. */
    static int answerFrame(Context ctx, Insn insn) {
        return insn.isCondition() ? ctx.frames.size() - 1 : -1;
    }
}
