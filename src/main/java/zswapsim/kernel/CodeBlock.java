package zswapsim.kernel;

import java.util.List;

/** A function's code: the name shown in call chains and its instructions. */
record CodeBlock(int id, String function, List<Insn> insns) {
}
