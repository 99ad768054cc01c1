package zswapsim.kernel;

import zswapsim.scenario.OpKind;
import zswapsim.scenario.SourcePos;

/**
 * One compiled instruction: a scenario op ({@code op}) or a kernel-internal step ({@code nat}).
 * {@code target} is the resolved lock, ref, timer, work, workqueue, handler block or softirq vector
 * (for a kernel step, what it works on, e.g. the timer mode __run_timers() serves); {@code count} the
 * number of a counted op, or the workqueue of {@code queue_work}; {@code body} the block
 * an inline interrupt runs; {@code pos} the scenario line, null for code from the kernel model.
 * {@code jump} is where an {@code if:}'s condition goes when it does not hold (its else: or its
 * end; {@code negate} for {@code not:}), and where {@link Native#JUMP} goes; -1 otherwise.
 * {@code subclass} and {@code nestLock} (a lock index, -1 for none) are a lock op's lockdep annotation.
 */
record Insn(OpKind op, Native nat, int target, int count, String text, int body, SourcePos pos, int jump, boolean negate,
            int subclass, int nestLock) {

    Insn(OpKind op, Native nat, int target, int count, String text, int body, SourcePos pos, int jump, boolean negate) {
        this(op, nat, target, count, text, body, pos, jump, negate, 0, -1);
    }

    static Insn op(OpKind op, int target, int count, String text, int body, SourcePos pos) {
        return new Insn(op, null, target, count, text, body, pos, -1, false);
    }

    /** A lock op with a lockdep annotation: _nested() names a subclass, _nest_lock() a held lock. */
    static Insn annotatedLock(OpKind op, int lock, String text, SourcePos pos, int subclass, int nestLock) {
        return new Insn(op, null, lock, 1, text, -1, pos, -1, false, subclass, nestLock);
    }

    static Insn nat(Native nat) {
        return nat(nat, -1);
    }

    static Insn nat(Native nat, int target) {
        return new Insn(null, nat, target, 0, null, -1, null, -1, false);
    }

    /** {@code if (cond)}: this instruction with its condition's outcome deciding the next pc. */
    Insn asCondition(int elsePc, boolean not) {
        return new Insn(op, nat, target, count, text, body, pos, elsePc, not, subclass, nestLock);
    }

    /** The end of an if's then: ops, jumping over its else: ops. */
    static Insn jump(int pc, SourcePos pos) {
        return new Insn(null, Native.JUMP, -1, 0, null, -1, pos, pc, false);
    }

    boolean isCondition() {
        return jump >= 0 && nat != Native.JUMP;
    }
}
