package zswapsim.lockdep;

/**
 * {@code enum lock_usage_bit} (kernel/locking/lockdep_internals.h) and the mask arithmetic lockdep
 * does on it. Kept as ints, not a Java enum, because lockdep derives one bit from another by
 * arithmetic: bit 0 is read, bit 1 the direction (0 used in irq, 1 irq enabled), bits 2+ the state.
 */
final class LockUsageBit {
    static final int USED_IN_HARDIRQ = 0;
    static final int USED_IN_HARDIRQ_READ = 1;
    static final int ENABLED_HARDIRQ = 2;
    static final int ENABLED_HARDIRQ_READ = 3;
    static final int USED_IN_SOFTIRQ = 4;
    static final int USED_IN_SOFTIRQ_READ = 5;
    static final int ENABLED_SOFTIRQ = 6;
    static final int ENABLED_SOFTIRQ_READ = 7;
    static final int USED = 8;
    static final int USED_READ = 9;
    /** LOCK_USAGE_STATES, which here also equals LOCK_TRACE_STATES (every bit keeps a trace). */
    static final int STATES = 10;

    static final int READ_MASK = 1;
    static final int DIR_MASK = 2;

    /** LOCKF_USED_IN_IRQ_ALL: every USED_IN bit, write and read. */
    static final int LOCKF_USED_IN_IRQ_ALL = 0x33;
    /** LOCKF_ENABLED_IRQ_ALL: every ENABLED bit, write and read. */
    static final int LOCKF_ENABLED_IRQ_ALL = 0xCC;
    /** LOCKF_IRQ: the write (non-read) bits of both directions. */
    static final int LOCKF_IRQ = 0x55;
    /** LOCKF_IRQ_READ: the read bits of both directions. */
    static final int LOCKF_IRQ_READ = 0xAA;

    private static final String[] USAGE_STR = {
        "IN-HARDIRQ-W", "IN-HARDIRQ-R", "HARDIRQ-ON-W", "HARDIRQ-ON-R",
        "IN-SOFTIRQ-W", "IN-SOFTIRQ-R", "SOFTIRQ-ON-W", "SOFTIRQ-ON-R",
        "INITIAL USE", "INITIAL READ USE",
    };
    private static final String[] STATE_NAMES = {"HARDIRQ", "SOFTIRQ"};

    private LockUsageBit() {
    }

    static int flag(int bit) {
        return 1 << bit;
    }

    /** usage_str[]: the text the kernel prints for a bit. */
    static String usageStr(int bit) {
        return USAGE_STR[bit];
    }

    /** state_name(): "HARDIRQ", "SOFTIRQ", or the "-READ" form when the read bit is set. */
    static String stateName(int bit) {
        String state = STATE_NAMES[bit >> 2];
        return (bit & READ_MASK) != 0 ? state + "-READ" : state;
    }

    /** exclusive_bit(): keep the state, flip the direction, strip read. */
    static int exclusiveBit(int newBit) {
        int state = newBit & ~(READ_MASK | DIR_MASK);
        int dir = newBit & DIR_MASK;
        return state | (dir ^ DIR_MASK);
    }

    /** invert_dir_mask(): every USED_IN bit becomes the ENABLED bit of the same state, and back. */
    static int invertDirMask(int mask) {
        return ((mask & LOCKF_ENABLED_IRQ_ALL) >> DIR_MASK) | ((mask & LOCKF_USED_IN_IRQ_ALL) << DIR_MASK);
    }

    /**
     * exclusive_mask(): the usages that conflict with {@code mask}. Read and write of the opposite
     * direction both conflict (USED_IN_*_READ -> ENABLED_*_READ can deadlock too).
     */
    static int exclusiveMask(int mask) {
        int excl = invertDirMask(mask);
        excl |= (excl & LOCKF_IRQ_READ) >> READ_MASK;
        excl |= (excl & LOCKF_IRQ) << READ_MASK;
        return excl;
    }

    /** original_mask(): the inverse of exclusive_mask(); the kernel computes it the same way. */
    static int originalMask(int mask) {
        return exclusiveMask(mask);
    }

    /**
     * get_usage_chars() without the braces: per state the char of USED_IN and of USED_IN_READ.
     * '+' irq enabled, never in irq; '-' in irq, irqs never enabled; '?' both; '.' neither.
     */
    static String usageChars(int usageMask) {
        StringBuilder sb = new StringBuilder(4);
        for (int state = 0; state < STATE_NAMES.length; state++) {
            sb.append(usageChar(usageMask, state << 2));
            sb.append(usageChar(usageMask, (state << 2) + READ_MASK));
        }
        return sb.toString();
    }

    private static char usageChar(int usageMask, int bit) {
        if ((usageMask & flag(bit + DIR_MASK)) != 0) {
            return (usageMask & flag(bit)) != 0 ? '?' : '+';
        }
        return (usageMask & flag(bit)) != 0 ? '-' : '.';
    }
}
