package zswapsim.lockdep;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct lock_class}: what lockdep learns about all instances of a lock class together, its
 * usage bits (with the trace that first set each) and its dependency lists.
 */
final class LockClass {
    /** LD_WAIT_SPIN: spinlock_t and rwlock_t without CONFIG_PROVE_RAW_LOCK_NESTING. */
    static final int LD_WAIT_SPIN = 2;
    /** LD_WAIT_SLEEP: mutex, rwsem; equals 3 when LD_WAIT_CONFIG collapses onto LD_WAIT_SPIN. */
    static final int LD_WAIT_SLEEP = 3;

    final String name;
    final int idx;
    int waitTypeInner;
    int usageMask;
    final Site[] usageTraces;
    final List<LockList> locksAfter;
    final List<LockList> locksBefore;

    LockClass(String name, int idx, int waitTypeInner) {
        this(name, idx, waitTypeInner, 0, new Site[LockUsageBit.STATES], new ArrayList<>(), new ArrayList<>());
    }

    private LockClass(String name, int idx, int waitTypeInner, int usageMask, Site[] usageTraces,
                      List<LockList> locksAfter, List<LockList> locksBefore) {
        this.name = name;
        this.idx = idx;
        this.waitTypeInner = waitTypeInner;
        this.usageMask = usageMask;
        this.usageTraces = usageTraces;
        this.locksAfter = locksAfter;
        this.locksBefore = locksBefore;
    }

    boolean has(int bit) {
        return (usageMask & LockUsageBit.flag(bit)) != 0;
    }

    LockClass copy() {
        List<LockList> after = new ArrayList<>(locksAfter.size());
        locksAfter.forEach(l -> after.add(l.copy()));
        List<LockList> before = new ArrayList<>(locksBefore.size());
        locksBefore.forEach(l -> before.add(l.copy()));
        return new LockClass(name, idx, waitTypeInner, usageMask, usageTraces.clone(), after, before);
    }
}
