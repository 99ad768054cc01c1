package zswapsim.lockdep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The lock classes in registration order ({@code lock_classes[]}) with their dependency lists, and
 * the breadth-first search ({@code __bfs}) every graph check runs on them.
 */
final class DependencyGraph {
    private final List<LockClass> classes;
    /** Lookup only, never iterated: registration order lives in {@code classes}. */
    private final Map<String, Integer> byName;
    private final Map<String, Integer> waitTypes;

    DependencyGraph() {
        this(new ArrayList<>(), new HashMap<>(), new TreeMap<>());
    }

    private DependencyGraph(List<LockClass> classes, Map<String, Integer> byName, Map<String, Integer> waitTypes) {
        this.classes = classes;
        this.byName = byName;
        this.waitTypes = waitTypes;
    }

    DependencyGraph copy() {
        List<LockClass> copied = new ArrayList<>(classes.size());
        classes.forEach(c -> copied.add(c.copy()));
        return new DependencyGraph(copied, new HashMap<>(byName), new TreeMap<>(waitTypes));
    }

    /** register_lock_class(): the first use of a class name creates the class. */
    int registerLockClass(String name) {
        Integer idx = byName.get(name);
        if (idx != null) {
            return idx;
        }
        int created = classes.size();
        classes.add(new LockClass(name, created, waitTypes.getOrDefault(name, LockClass.LD_WAIT_SPIN)));
        byName.put(name, created);
        return created;
    }

    /** The wait type a class prints as {@code -{n:n}}; only changes report text. */
    void setWaitType(String name, int waitType) {
        waitTypes.put(name, waitType);
        Integer idx = byName.get(name);
        if (idx != null) {
            classes.get(idx).waitTypeInner = waitType;
        }
    }

    LockClass get(int idx) {
        return classes.get(idx);
    }

    List<LockClass> classes() {
        return classes;
    }

    /** The {@code prev -> next} entry on prev's locks_after, or null. */
    LockList findAfter(int prev, int next) {
        return find(classes.get(prev).locksAfter, next);
    }

    /** The {@code prev -> next} entry on next's locks_before, or null. */
    LockList findBefore(int next, int prev) {
        return find(classes.get(next).locksBefore, prev);
    }

    private static LockList find(List<LockList> list, int classIdx) {
        for (LockList l : list) {
            if (l.classIdx == classIdx) {
                return l;
            }
        }
        return null;
    }

    /** add_lock_to_list() twice: the forward entry on prev, the backward entry on next. */
    void addDependency(int prev, int next, int dep, int depb, Site trace) {
        classes.get(prev).locksAfter.add(new LockList(next, dep, trace));
        classes.get(next).locksBefore.add(new LockList(prev, depb, trace));
    }

    /** __bfs_forwards(): along locks_after. */
    BfsEntry bfsForwards(BfsEntry root, Predicate<BfsEntry> match) {
        return bfs(root, true, match);
    }

    /** __bfs_backwards(): along locks_before. */
    BfsEntry bfsBackwards(BfsEntry root, Predicate<BfsEntry> match) {
        return bfs(root, false, match);
    }

    /**
     * __bfs(): breadth-first, so the first match is on a shortest path. Like the kernel, a class is
     * visited once per search (the first time it is dequeued, even if that path then turns out not
     * to be strong), and only strong paths are followed: -(xR)-> followed by -(Sx)-> is cut, because
     * a recursive reader cannot block a shared holder. Masks work for both directions because
     * backward entries are stored with calc_depb().
     */
    private BfsEntry bfs(BfsEntry root, boolean forwards, Predicate<BfsEntry> match) {
        boolean[] accessed = new boolean[classes.size()];
        ArrayDeque<BfsEntry> queue = new ArrayDeque<>();
        queue.add(root);
        while (!queue.isEmpty()) {
            BfsEntry lock = queue.poll();
            if (accessed[lock.classIdx]) {
                continue;
            }
            accessed[lock.classIdx] = true;
            if (lock.parent != null) {
                int dep = lock.edge.dep;
                if (lock.parent.onlyXr) {
                    dep &= ~(LockList.DEP_SR_MASK | LockList.DEP_SN_MASK);
                }
                if (dep == 0) {
                    continue;
                }
                lock.onlyXr = (dep & (LockList.DEP_SN_MASK | LockList.DEP_EN_MASK)) == 0;
            }
            if (match.test(lock)) {
                return lock;
            }
            LockClass c = classes.get(lock.classIdx);
            for (LockList entry : forwards ? c.locksAfter : c.locksBefore) {
                queue.add(lock.child(entry));
            }
        }
        return null;
    }

    /**
     * usage_match(): does the class reached by {@code e} have a usage in {@code mask}? On a path
     * that only ends in recursive reads, only the write usages count.
     */
    boolean usageMatch(BfsEntry e, int mask) {
        int usage = classes.get(e.classIdx).usageMask;
        return e.onlyXr ? (usage & LockUsageBit.LOCKF_IRQ & mask) != 0 : (usage & mask) != 0;
    }
}
