package zswapsim.kernel;

/**
 * One activation of a code block: where it is ({@code pc}), its argument (a pool, a ref, a
 * compressor) and two registers for the function's locals (e.g. {@code pool}, {@code put_pool}).
 */
record Frame(int block, int pc, int arg, int r0, int r1) {

    static Frame call(int block, int arg) {
        return new Frame(block, 0, arg, -1, -1);
    }

    Frame next() {
        return new Frame(block, pc + 1, arg, r0, r1);
    }

    Frame at(int newPc) {
        return new Frame(block, newPc, arg, r0, r1);
    }

    Frame withR0(int v) {
        return new Frame(block, pc, arg, v, r1);
    }

    Frame withR1(int v) {
        return new Frame(block, pc, arg, r0, v);
    }
}
