package zswapsim.lockdep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The runtime locking correctness validator of kernel/locking/lockdep.c, fed with the model's lock
 * and irq events. It keeps lockdep's state (classes with usage bits, the dependency graph with edge
 * kinds, the chain cache, each task's held locks, the debug_locks switch) and reports in the
 * kernel's format. One instance is one machine's lockdep; {@link #copy()} branches it.
 *
 * <p>Callers report irq/BH transitions after changing their own state, and only on real
 * transitions (the kernel ignores redundant ones).
 */
public final class Lockdep {
    private static final Comparator<LockdepTask> BY_TASK =
            Comparator.comparingInt(LockdepTask::pid).thenComparing(LockdepTask::comm);

    private final DependencyGraph graph;
    private final DebugLocks debugLocks;
    private final Set<String> lockChains;
    private final TreeMap<LockdepTask, TaskLockState> tasks;
    /** (function, op) pairs already reported by might_sleep, standing in for its rate limit. */
    private final Set<String> sleepReported;

    private final UsageValidator usage;
    private final ChainValidator chains;
    private final OrderSplats orderSplats;
    private final MightResched mightResched;

    /** A fresh validator: no classes, debug_locks = 1. */
    public Lockdep() {
        this(new DependencyGraph(), new DebugLocks(), new HashSet<>(), new TreeMap<>(BY_TASK), new HashSet<>());
    }

    private Lockdep(DependencyGraph graph, DebugLocks debugLocks, Set<String> lockChains,
                    TreeMap<LockdepTask, TaskLockState> tasks, Set<String> sleepReported) {
        this.graph = graph;
        this.debugLocks = debugLocks;
        this.lockChains = lockChains;
        this.tasks = tasks;
        this.sleepReported = sleepReported;
        LockPrinter printer = new LockPrinter(graph, debugLocks);
        IrqSplats irqSplats = new IrqSplats(printer);
        this.usage = new UsageValidator(graph, debugLocks, irqSplats);
        this.orderSplats = new OrderSplats(printer);
        this.chains = new ChainValidator(graph, debugLocks, lockChains, orderSplats, irqSplats);
        this.mightResched = new MightResched(printer, debugLocks);
    }

    /** A deep copy: the two evolve independently (the exhaustive checker branches on it). */
    public Lockdep copy() {
        TreeMap<LockdepTask, TaskLockState> copiedTasks = new TreeMap<>(BY_TASK);
        tasks.forEach((t, s) -> copiedTasks.put(t, s.copy()));
        return new Lockdep(graph.copy(), debugLocks.copy(), new HashSet<>(lockChains), copiedTasks,
                new HashSet<>(sleepReported));
    }

    /**
     * Declares how a class prints its wait type: {@code -{2:2}} for spinning locks (the default),
     * {@code -{3:3}} for sleeping ones (LD_WAIT_SLEEP without CONFIG_PROVE_RAW_LOCK_NESTING).
     * Only report text depends on it.
     */
    public void registerWaitType(String className, boolean sleeping) {
        graph.setWaitType(className, sleeping ? LockClass.LD_WAIT_SLEEP : LockClass.LD_WAIT_SPIN);
    }

    /** debug_locks_silent, as the kernel's selftest sets it: verdicts only, no splat text (for the checker). */
    public void silence() {
        debugLocks.silence();
    }

    /** Switches the validator off from the start, as if it were configured out: to measure what it costs. */
    public void turnOff() {
        debugLocks.off();
    }

    /** debug_locks: false once the first lockdep report has been made. */
    public boolean enabled() {
        return debugLocks.on();
    }

    /**
     * lock_acquire(): {@code read} is 0 exclusive, 1 non-recursive read, 2 recursive read. Call it
     * before the lock is taken (or spun on), as spin_acquire() comes before LOCK_CONTENDED().
     */
    public void acquire(LockdepTask t, IrqState s, String lockName, String className, int read, boolean trylock,
                        Site site) {
        if (!debugLocks.on()) {
            return;
        }
        int classIdx = graph.registerLockClass(className);
        HeldLock hlock = new HeldLock(lockName, classIdx, read, trylock, HeldLock.taskIrqContext(s),
                !s.hardirqsEnabled(), site);
        lockAcquire(new Current(t, task(t), s, site), hlock);
    }

    /**
     * __lock_acquire() after the class lookup: usage first (on every acquire), then the chain
     * checks (only for new chains), then push. A report leaves the lock off the stack.
     */
    private boolean lockAcquire(Current curr, HeldLock hlock) {
        if (!usage.markUsage(curr, hlock)) {
            return false;
        }
        TaskLockState state = curr.state();
        if (!chains.validateChain(curr, hlock, state.isChainHead(hlock), state.chainKey(hlock))) {
            return false;
        }
        state.push(hlock);
        return true;
    }

    /**
     * lock_release(): a lock this context does not hold is a bad unlock balance. Releasing a lock
     * that is not innermost re-acquires the ones above it (reacquire_held_locks()), which may add
     * new chains and report.
     */
    public void release(LockdepTask t, IrqState s, String lockName, String className, Site site) {
        if (!debugLocks.on()) {
            return;
        }
        Current curr = new Current(t, task(t), s, site);
        int i = curr.state().findHeldLock(lockName);
        if (i < 0) {
            List<String> text = debugLocks.text(() -> orderSplats.unlockImbalanceBug(curr, className));
            debugLocks.lockdepBug(new LockdepReport("bad-unlock-balance", className, null,
                    UsageValidator.step(curr), text));
            return;
        }
        for (HeldLock above : curr.state().truncate(i)) {
            HeldLock again = new HeldLock(above.lockName(), above.classIdx(), above.read(), above.trylock(),
                    HeldLock.taskIrqContext(s), above.hardirqsOff(), above.acquireSite());
            if (!lockAcquire(curr, again)) {
                return;
            }
        }
    }

    /**
     * lockdep_hardirqs_on(): marks every held lock HARDIRQ-ON, and SOFTIRQ-ON too if softirqs are
     * on, then records the event. The marking runs before lockdep flips its own hardirqs_enabled,
     * so a report from it shows HE0.
     */
    public void hardirqsOn(LockdepTask t, IrqState s, Site site) {
        if (!debugLocks.on()) {
            return;
        }
        IrqState before = new IrqState(false, s.softirqsEnabled(), s.hardirqContext(), s.softirqContext(),
                s.hardirqCount(), s.softirqCount(), s.preemptCount(), s.rcuDepth());
        Current curr = new Current(t, task(t), before, site);
        if (!usage.markHeldLocks(curr, LockUsageBit.ENABLED_HARDIRQ)) {
            return;
        }
        if (s.softirqsEnabled() && !usage.markHeldLocks(curr, LockUsageBit.ENABLED_SOFTIRQ)) {
            return;
        }
        curr.state().irqtrace.hardirqsOn(site);
    }

    /** lockdep_hardirqs_off(): records the event. */
    public void hardirqsOff(LockdepTask t, IrqState s, Site site) {
        if (debugLocks.on()) {
            task(t).irqtrace.hardirqsOff(site);
        }
    }

    /**
     * lockdep_softirqs_on(): records the event, then, if hardirqs are on, marks every held lock
     * SOFTIRQ-ON (with hardirqs off no softirq can run, so nothing is unsafe yet).
     */
    public void softirqsOn(LockdepTask t, IrqState s, Site site) {
        if (!debugLocks.on()) {
            return;
        }
        TaskLockState state = task(t);
        state.irqtrace.softirqsOn(site);
        if (s.hardirqsEnabled()) {
            usage.markHeldLocks(new Current(t, state, s, site), LockUsageBit.ENABLED_SOFTIRQ);
        }
    }

    /** lockdep_softirqs_off(): records the event. */
    public void softirqsOff(LockdepTask t, IrqState s, Site site) {
        if (debugLocks.on()) {
            task(t).irqtrace.softirqsOff(site);
        }
    }

    /**
     * might_sleep() from {@code function} (CONFIG_DEBUG_ATOMIC_SLEEP): in atomic context, with
     * irqs off or inside rcu_read_lock() it reports "sleep-in-atomic", once per (function, op).
     * It is not a lockdep report and leaves lockdep on; it works even after lockdep turned off.
     */
    public void mightSleep(LockdepTask t, IrqState s, String function, Site site) {
        if (!MightResched.invalidContext(s)) {
            return;
        }
        String op = site == null ? "" : String.valueOf(site.op());
        if (!sleepReported.add(function + '\u0000' + op)) {
            return;
        }
        Current curr = new Current(t, task(t), s, site);
        debugLocks.warning(new LockdepReport("sleep-in-atomic", null, null, UsageValidator.step(curr),
                debugLocks.text(() -> mightResched.report(curr, function))));
    }

    /** The dependency graph's edges (locks_after of each class), in class registration and edge order. */
    public List<LockDependency> dependencies() {
        List<LockDependency> out = new java.util.ArrayList<>();
        for (LockClass c : graph.classes()) {
            for (LockList after : c.locksAfter) {
                out.add(new LockDependency(c.name, graph.get(after.classIdx).name,
                        after.trace == null ? 0 : after.trace.step()));
            }
        }
        return out;
    }

    /** Every report so far, in order of occurrence. */
    public List<LockdepReport> reports() {
        return debugLocks.reports();
    }

    /** Distinct report kinds so far, sorted. */
    public List<String> reportKinds() {
        return debugLocks.kinds();
    }

    /** Each class in registration order with its usage characters and when each bit was first set. */
    public List<LockClassUsage> classes() {
        List<LockClassUsage> out = new ArrayList<>();
        for (LockClass c : graph.classes()) {
            List<LockClassUsage.UsageBitSet> bits = new ArrayList<>();
            for (int bit = 0; bit < LockUsageBit.STATES; bit++) {
                if (c.has(bit)) {
                    Site site = c.usageTraces[bit];
                    bits.add(new LockClassUsage.UsageBitSet(LockUsageBit.usageStr(bit),
                            site == null ? 0 : site.step()));
                }
            }
            out.add(new LockClassUsage(c.name, "{" + LockUsageBit.usageChars(c.usageMask) + "}", List.copyOf(bits)));
        }
        return List.copyOf(out);
    }

    /**
     * A 64-bit hash of everything that can change a future verdict: debug_locks, the kinds
     * reported, each class's usage mask and edge lists (with kinds, in list order, which decides
     * what a search finds first), the chain cache and the non-empty held-lock stacks. Traces, step
     * numbers and irq event stamps only change report text and are left out. Once lockdep is off
     * none of its state can matter any more, so all such states hash alike.
     */
    public long fingerprint() {
        Fingerprint f = new Fingerprint();
        f.add(debugLocks.on());
        List<String> kinds = debugLocks.kinds();
        f.add(kinds.size());
        kinds.forEach(f::add);
        if (!debugLocks.on()) {
            return f.value();
        }
        f.add(graph.classes().size());
        for (LockClass c : graph.classes()) {
            f.add(c.name).add(c.usageMask);
            addEdges(f, c.locksAfter);
            addEdges(f, c.locksBefore);
        }
        long chainSum = 0;
        for (String key : lockChains) {
            chainSum += Fingerprint.of(key);
        }
        f.add(lockChains.size()).add(chainSum);
        for (Map.Entry<LockdepTask, TaskLockState> e : tasks.entrySet()) {
            List<HeldLock> held = e.getValue().heldLocks();
            if (held.isEmpty()) {
                continue;
            }
            f.add(e.getKey().comm()).add(e.getKey().pid()).add(held.size());
            for (HeldLock h : held) {
                f.add(h.lockName()).add(h.classIdx()).add(h.read()).add(h.trylock()).add(h.irqContext())
                        .add(h.hardirqsOff());
            }
        }
        return f.value();
    }

    private static void addEdges(Fingerprint f, List<LockList> edges) {
        f.add(edges.size());
        for (LockList l : edges) {
            f.add(l.classIdx).add(l.dep);
        }
    }

    private TaskLockState task(LockdepTask t) {
        return tasks.computeIfAbsent(t, k -> new TaskLockState());
    }
}
