package zswapsim.lockdep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.function.Predicate;

/**
 * The lock classes in registration order ({@code lock_classes[]}) with their dependency lists, and
 * the breadth-first search ({@code __bfs}) every graph check runs on them.
 *
 * <p>A copy shares the (immutable) classes, and the name maps until either side changes them, so
 * branching the graph costs one short list.
 */
final class DependencyGraph {
    private final ArrayList<LockClass> classes;
    /** Lookup only, never iterated: registration order lives in {@code classes}. */
    private HashMap<ClassKey, Integer> byName;
    /** Lookup only, never iterated. */
    private HashMap<String, Integer> waitTypes;
    /** Set on both sides by {@link #copy}: the maps are shared, and the first change copies them. */
    private boolean mapsShared;
    /**
     * {@link #hash}'s sum of the classes' hashes, 0 while unknown. A change to a class, once the
     * sum is known, takes the class's old hash out and puts its new one in (a sum does not care in
     * which order classes were added). A graph is changed only while one lockdep owns it, so a
     * shared one's sum is a value, which two workers may both write (the same value) as with
     * {@link LockClass}'s own hash.
     */
    private long hashSum;

    DependencyGraph() {
        this(new ArrayList<>(), new HashMap<>(), new HashMap<>());
    }

    private DependencyGraph(ArrayList<LockClass> classes, HashMap<ClassKey, Integer> byName,
                            HashMap<String, Integer> waitTypes) {
        this.classes = classes;
        this.byName = byName;
        this.waitTypes = waitTypes;
    }

    DependencyGraph copy() {
        DependencyGraph g = new DependencyGraph(new ArrayList<>(classes), byName, waitTypes);
        g.hashSum = hashSum;
        mapsShared = true;
        g.mapsShared = true;
        return g;
    }

    /**
     * register_lock_class(): the first use of a class name with a subclass creates the class. The key
     * is the map's key plus the subclass, so each subclass is a class of its own, named "name/N",
     * with the map's wait type.
     */
    int registerLockClass(String name, int subclass) {
        ClassKey key = classKey(name, subclass);
        Integer idx = byName.get(key);
        if (idx != null) {
            return idx;
        }
        int created = classes.size();
        LockClass c = new LockClass(subclass == 0 ? name : name + "/" + subclass, created,
                waitTypes.getOrDefault(name, WaitTypes.LD_WAIT_SPIN));
        classes.add(c);
        if (hashSum != 0) {
            hashSum += c.hash(this);
        }
        ownMaps();
        byName.put(key, created);
        return created;
    }

    /** look_up_lock_class(): the class's index, or -1 if it has not been used yet. */
    int lookUpLockClass(String name, int subclass) {
        Integer idx = byName.get(classKey(name, subclass));
        return idx == null ? -1 : idx;
    }

    /** A class's key: the map's name and the subclass (a class declared as "A/1" stays apart from A's subclass 1). */
    private record ClassKey(String name, int subclass) {
    }

    private static ClassKey classKey(String name, int subclass) {
        return new ClassKey(name, subclass);
    }

    /** The wait type a map's classes get ({@link WaitTypes}); set before the map is first used. */
    void setWaitType(String name, int waitType) {
        ownMaps();
        waitTypes.put(name, waitType);
        Integer idx = byName.get(classKey(name, 0));
        if (idx != null) {
            replace(classes.get(idx).withWaitType(waitType));
        }
    }

    private void ownMaps() {
        if (mapsShared) {
            byName = new HashMap<>(byName);
            waitTypes = new HashMap<>(waitTypes);
            mapsShared = false;
        }
    }

    /** mark_lock()'s bookkeeping: usage {@code bit} of class {@code idx} is set, first seen at {@code trace}. */
    void markUsage(int idx, int bit, Site trace) {
        replace(classes.get(idx).withUsage(bit, trace));
    }

    private void replace(LockClass c) {
        LockClass was = classes.set(c.idx, c);
        if (hashSum != 0) {
            hashSum += c.hash(this) - was.hash(this);
        }
    }

    LockClass get(int idx) {
        return classes.get(idx);
    }

    List<LockClass> classes() {
        return Collections.unmodifiableList(classes);
    }

    /**
     * add_lock_to_list() twice: the forward entry on prev, the backward entry on next; or, when a new
     * chain repeats an edge that exists, its kinds merged into both entries.
     */
    void addDependency(int prev, int next, int dep, int depb, Site trace) {
        LockClass p = classes.get(prev);
        replace(p.withLocksAfter(added(p.locksAfter, next, dep, trace)));
        // Looked up after the replace: prev and next may be the same class.
        LockClass n = classes.get(next);
        replace(n.withLocksBefore(added(n.locksBefore, prev, depb, trace)));
    }

    /** A new list: {@code list} with {@code dep} merged into the entry for {@code classIdx}, or a new entry appended. */
    private static List<LockList> added(List<LockList> list, int classIdx, int dep, Site trace) {
        List<LockList> out = new ArrayList<>(list.size() + 1);
        out.addAll(list);
        int i = 0;
        while (i < list.size() && list.get(i).classIdx != classIdx) {
            i++;
        }
        if (i < list.size()) {
            out.set(i, list.get(i).merged(dep));
        } else {
            out.add(new LockList(classIdx, dep, trace));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The classes' names, usage and dependency lists, independent of the order they were registered
     * in (two schedules may meet the same locks in different orders): a sum of each class's own hash.
     */
    void hash(Fingerprint f) {
        long sum = hashSum;
        if (sum == 0) {
            for (LockClass c : classes) {
                sum += c.hash(this);
            }
            hashSum = sum;
        }
        f.add(classes.size()).add(sum);
    }

    /** The name of class {@code idx}: fixed once the class exists, in every copy of this graph. */
    String name(int idx) {
        return classes.get(idx).name;
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
