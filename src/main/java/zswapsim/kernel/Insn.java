package zswapsim.kernel;

import zswapsim.scenario.OpKind;
import zswapsim.scenario.SourcePos;

/**
 * One compiled instruction: a scenario op ({@code op}) or a kernel-internal step ({@code nat}).
 * {@code target} is the resolved lock, ref, handler block or softirq vector; {@code body} the block
 * an inline interrupt runs; {@code pos} the scenario line, null for code from the kernel model.
 */
record Insn(OpKind op, Native nat, int target, int count, String text, int body, SourcePos pos) {

    static Insn op(OpKind op, int target, int count, String text, int body, SourcePos pos) {
        return new Insn(op, null, target, count, text, body, pos);
    }

    static Insn nat(Native nat) {
        return new Insn(null, nat, -1, 0, null, -1, null);
    }
}
