package zswapsim.lockdep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
    /*
     * The parts of lockdep's state. copy() shares them and marks both sides shared; every entry
     * point that changes something calls own() first, which copies them if shared. A checker branch
     * that never reaches lockdep thus costs one object.
     */
    private DependencyGraph graph;
    private DebugLocks debugLocks;
    private ChainCache lockChains;
    private TaskTable tasks;
    /** (function, op) pairs already reported by might_sleep, standing in for its rate limit. Replaced, never changed. */
    private Set<String> sleepReported;
    /** The kernel's configuration: fixed before the first event, so copies share it. */
    private WaitTypes waitTypes = WaitTypes.DEFAULT;
    private boolean shared;
    /** {@link #fingerprint()}, while known: own() forgets it. */
    private boolean fingerprintKnown;
    private long fingerprint;

    /** Wired to the parts by own(); null until the first change after a copy. */
    private UsageValidator usage;
    private ChainValidator chains;
    private OrderSplats orderSplats;
    private MightResched mightResched;
    private WaitContext waitContext;

    /** A fresh validator: no classes, debug_locks = 1. */
    public Lockdep() {
        this(new DependencyGraph(), new DebugLocks(), new ChainCache(), new TaskTable(), Set.of());
    }

    private Lockdep(DependencyGraph graph, DebugLocks debugLocks, ChainCache lockChains, TaskTable tasks,
                    Set<String> sleepReported) {
        this.graph = graph;
        this.debugLocks = debugLocks;
        this.lockChains = lockChains;
        this.tasks = tasks;
        this.sleepReported = sleepReported;
    }

    /** A copy: the two evolve independently (the exhaustive checker branches on it). */
    public Lockdep copy() {
        Lockdep c = new Lockdep(graph, debugLocks, lockChains, tasks, sleepReported);
        c.waitTypes = waitTypes;
        shared = true;
        c.shared = true;
        c.fingerprintKnown = fingerprintKnown;
        c.fingerprint = fingerprint;
        return c;
    }

    /** Before a change: makes the parts this instance's own and wires the validators to them. */
    private void own() {
        fingerprintKnown = false;
        if (shared) {
            graph = graph.copy();
            debugLocks = debugLocks.copy();
            lockChains = lockChains.copy();
            tasks = tasks.copy();
            shared = false;
            usage = null;
        }
        if (usage == null) {
            LockPrinter printer = new LockPrinter(graph, debugLocks);
            IrqSplats irqSplats = new IrqSplats(printer);
            usage = new UsageValidator(graph, debugLocks, irqSplats);
            orderSplats = new OrderSplats(printer);
            chains = new ChainValidator(graph, debugLocks, lockChains, orderSplats, irqSplats);
            mightResched = new MightResched(printer, debugLocks);
            waitContext = new WaitContext(graph, debugLocks, printer, waitTypes);
        }
    }

    /**
     * CONFIG_PROVE_RAW_LOCK_NESTING: LD_WAIT_CONFIG becomes a level of its own, so a spinlock_t
     * (which sleeps on PREEMPT_RT) may not be taken under a raw_spinlock_t. Set it before
     * registering wait types: it decides their numbers.
     */
    public void proveRawLockNesting(boolean on) {
        own();
        waitTypes = new WaitTypes(on);
        // The next own() wires the validators again, the wait-context check with these numbers.
        usage = null;
    }

    /**
     * Declares a class's wait type, which check_wait_context() compares and splats print as
     * {@code -{n:n}}; a class nobody declared is LD_WAIT_SPIN.
     */
    public void registerWaitType(String className, LockWaitType type) {
        own();
        graph.setWaitType(className, waitTypes.of(type));
    }

    /**
     * A lockdep_map that is no lock (a timer's, a work's): lockdep_init_map() leaves its wait
     * types LD_WAIT_INV, so it prints {@code -{0:0}} and check_wait_context() passes it.
     */
    public void registerMap(String className) {
        registerWaitType(className, LockWaitType.INV);
    }

    /**
     * An RCU reader's map (rcu_lock_map, rcu_bh_lock_map): LD_WAIT_FREE outside, LD_WAIT_CONFIG
     * inside, which is LD_WAIT_SPIN without CONFIG_PROVE_RAW_LOCK_NESTING: it prints {@code -{1:2}},
     * and {@code -{1:3}} with it.
     */
    public void registerReaderMap(String className) {
        own();
        graph.setWaitType(className, LockClass.waitTypes(WaitTypes.LD_WAIT_FREE, waitTypes.config()));
    }

    /** debug_locks_silent, as the kernel's selftest sets it: verdicts only, no splat text (for the checker). */
    public void silence() {
        own();
        debugLocks.silence();
    }

    /** Silent: no splat is built, so the sites of events need no call chain or scenario line. */
    public boolean silent() {
        return debugLocks.silent();
    }

    /** include/linux/lockdep.h: subclasses a lock class key has (lockdep_subclass_key). */
    static final int MAX_LOCKDEP_SUBCLASSES = 8;

    /** Switches the validator off from the start, as if it were configured out: to measure what it costs. */
    public void turnOff() {
        own();
        debugLocks.off();
    }

    /** debug_locks: false once the first lockdep report has been made. */
    public boolean enabled() {
        return debugLocks.on();
    }

    /** A WARN of lockdep's own: where ("kernel/locking/lockdep.c FUNCTION") and what it printed. */
    public record Warning(String at, String text) {
    }

    /** The DEBUG_LOCKS_WARN_ON() of lockdep's own that turned it off, or null if a report or nothing did. */
    public Warning offWarning() {
        return debugLocks.offWarning();
    }

    /** The validator's one input: an event of the model's stream, in stream order. */
    public void observe(LockdepEvent e) {
        if (e instanceof LockdepEvent.Acquire a) {
            acquire(a.task(), a.irq(), a.lockName(), a.className(), a.subclass(), a.read(), a.trylock(), a.nestLock(),
                    a.site());
        } else if (e instanceof LockdepEvent.UncheckedAcquire u) {
            acquireUnchecked(u.task(), u.irq(), u.mapName(), u.site());
        } else if (e instanceof LockdepEvent.AssertHeld h) {
            assertHeld(h);
        } else if (e instanceof LockdepEvent.Release r) {
            release(r.task(), r.irq(), r.lockName(), r.className(), r.site());
        } else if (e instanceof LockdepEvent.Hardirqs h) {
            if (h.on()) {
                hardirqsOn(h.task(), h.irq(), h.site());
            } else {
                hardirqsOff(h.task(), h.irq(), h.site());
            }
        } else if (e instanceof LockdepEvent.Softirqs so) {
            if (so.on()) {
                softirqsOn(so.task(), so.irq(), so.site());
            } else {
                softirqsOff(so.task(), so.irq(), so.site());
            }
        } else if (e instanceof LockdepEvent.MightSleep ms) {
            mightSleep(ms.task(), ms.irq(), ms.function(), ms.site());
        } else if (e instanceof LockdepEvent.TaskExit x) {
            taskExit(x.task(), x.irq(), x.site());
        } else if (e instanceof LockdepEvent.SysExit x) {
            sysExit(x.task(), x.irq(), x.site());
        } else if (e instanceof LockdepEvent.DebugLocksWarn) {
            if (debugLocks.on()) {
                own();
                debugLocks.off();
            }
        }
    }

    /** lock_acquire() of subclass 0 without a nest lock: spin_lock(), mutex_lock() and friends. */
    public void acquire(LockdepTask t, IrqState s, String lockName, String className, int read, boolean trylock,
                        Site site) {
        acquire(t, s, lockName, className, 0, read, trylock, null, site);
    }

    /**
     * lock_acquire(): {@code subclass} picks the class ({@code name/N}); {@code read} is 0
     * exclusive, 1 non-recursive read, 2 recursive read; {@code nestLock} is the lock a
     * _nest_lock() op names, or null. Call it before the lock is taken (or spun on), as
     * spin_acquire() comes before LOCK_CONTENDED().
     */
    public void acquire(LockdepTask t, IrqState s, String lockName, String className, int subclass, int read,
                        boolean trylock, NestLock nestLock, Site site) {
        if (!debugLocks.on()) {
            return;
        }
        own();
        if (subclass >= MAX_LOCKDEP_SUBCLASSES) {
            // look_up_lock_class(): debug_locks_off() and a printk, no report; register_lock_class()
            // then fails graph_lock() and __lock_acquire() returns. The lock itself is still taken.
            debugLocks.offBy(new Warning("kernel/locking/lockdep.c look_up_lock_class",
                    "BUG: looking up invalid subclass: " + subclass + "; turning off the locking correctness validator"));
            return;
        }
        int classIdx = graph.registerLockClass(className, subclass);
        HeldLock hlock = new HeldLock(lockName, classIdx, read, trylock, HeldLock.taskIrqContext(s),
                !s.hardirqsEnabled(), site, nestLock, 0, true);
        lockAcquire(new Current(t, task(t), s, site), hlock);
    }

    /**
     * rcu_lock_acquire(): lock_acquire(map, 0, 0, 2, 0, NULL, ip). With check 0 the map is pushed on
     * the held-lock stack (and shows in every held-lock list) but marks no usage beyond USED and
     * adds no dependency; it still counts in the chain key of the locks taken after it.
     */
    public void acquireUnchecked(LockdepTask t, IrqState s, String mapName, Site site) {
        if (!debugLocks.on()) {
            return;
        }
        own();
        int classIdx = graph.registerLockClass(mapName, 0);
        HeldLock hlock = new HeldLock(mapName, classIdx, 2, false, HeldLock.taskIrqContext(s), !s.hardirqsEnabled(),
                site, null, 0, false);
        lockAcquire(new Current(t, task(t), s, site), hlock);
    }

    /**
     * lockdep_assert_held(): lockdep_assert(lockdep_is_held(l) != LOCK_STATE_NOT_HELD), i.e.
     * {@code WARN_ON(debug_locks && ...)}. __lock_is_held() tries match_held_lock() on all of
     * current's held locks, so an interrupt sees the locks of the task it interrupted, and a merged
     * nest-lock entry answers for every lock of its class. A WARN, not a lockdep report: it taints
     * the kernel and leaves lockdep on.
     */
    private void assertHeld(LockdepEvent.AssertHeld e) {
        if (!debugLocks.on()) {
            return;
        }
        own();
        Current curr = new Current(e.task(), task(e.task()), e.irq(), e.site());
        if (curr.state().holds(e.lockName(), graph.lookUpLockClass(e.className(), 0), debugLocks)) {
            return;
        }
        LockPrinter printer = new LockPrinter(graph, debugLocks);
        List<String> text = debugLocks.text(() -> WarnSplat.warnOn(printer, curr, e.cpu()));
        debugLocks.warning(new LockdepReport("lockdep-assert-held", e.className(), null, UsageValidator.step(curr), text));
    }

    /**
     * __lock_acquire() after the class lookup: a class taken again right above itself under a nest
     * lock only counts a reference; otherwise the wait type, the usage (on every acquire), the nest
     * lock being held, then the chain checks (only for new chains), then push. A report leaves the
     * lock off the stack.
     */
    private boolean lockAcquire(Current curr, HeldLock hlock) {
        TaskLockState state = curr.state();
        if (hlock.nestLock() != null && mergedIntoTop(state, hlock)) {
            return true;
        }
        if (!waitContext.check(curr, hlock) || !usage.markUsage(curr, hlock)) {
            return false;
        }
        NestLock nest = hlock.nestLock();
        if (nest != null && !state.holds(nest.instance(), graph.lookUpLockClass(nest.name(), 0), debugLocks)) {
            List<String> text = debugLocks.text(() -> orderSplats.nestedLockNotHeld(curr, hlock));
            debugLocks.lockdepBug(new LockdepReport("nested-lock-not-taken", graph.get(hlock.classIdx()).name, null,
                    UsageValidator.step(curr), text));
            return false;
        }
        if (!chains.validateChain(curr, hlock, state.isChainHead(hlock), state.chainKey(hlock, graph))) {
            return false;
        }
        state.push(hlock);
        return true;
    }

    /**
     * The top held lock is of the same class: it now stands for one more acquisition (references),
     * whether or not it was itself taken with a nest lock (__lock_acquire() tests the new one's).
     */
    private static boolean mergedIntoTop(TaskLockState state, HeldLock hlock) {
        int top = state.depth() - 1;
        if (top < 0 || state.heldLocks().get(top).classIdx() != hlock.classIdx()) {
            return false;
        }
        HeldLock held = state.heldLocks().get(top);
        int references = Math.max(held.references(), 1) + Math.max(hlock.references(), 1);
        state.set(top, held.withReferences(references));
        return true;
    }

    /**
     * lock_release(): a lock this context does not hold is a bad unlock balance. An entry that
     * stands for several acquisitions under a nest lock loses one reference and stays. Releasing
     * a lock that is not innermost re-acquires the ones above it (reacquire_held_locks()), which
     * may add new chains and report.
     */
    public void release(LockdepTask t, IrqState s, String lockName, String className, Site site) {
        if (!debugLocks.on()) {
            return;
        }
        own();
        Current curr = new Current(t, task(t), s, site);
        TaskLockState state = curr.state();
        int i = state.findHeldLock(lockName, graph.lookUpLockClass(className, 0), debugLocks);
        if (i < 0) {
            List<String> text = debugLocks.text(() -> orderSplats.unlockImbalanceBug(curr, className));
            debugLocks.lockdepBug(new LockdepReport("bad-unlock-balance", className, null,
                    UsageValidator.step(curr), text));
            return;
        }
        HeldLock released = state.heldLocks().get(i);
        if (released.references() > 1) {
            state.set(i, released.withReferences(released.references() - 1));
            return;
        }
        for (HeldLock above : state.truncate(i)) {
            if (!lockAcquire(curr, above.reacquired(HeldLock.taskIrqContext(s)))) {
                return;
            }
        }
    }

    /**
     * do_exit()'s debug_check_no_locks_held(): a task that exits holding locks is a lockdep report
     * ("still has locks held!"); nobody will ever release them.
     */
    public void taskExit(LockdepTask t, IrqState s, Site site) {
        leavesHoldingLocks(t, s, site, "held-lock-at-exit", curr -> orderSplats.heldLocksBug(curr));
    }

    /**
     * lockdep_sys_exit(), from exit_to_user_mode_prepare() after the task work: a system call that
     * returns to user space holding locks ("lock held when returning to user space!"). Nothing
     * in user space can release them.
     */
    public void sysExit(LockdepTask t, IrqState s, Site site) {
        leavesHoldingLocks(t, s, site, "held-lock-at-exit", curr -> orderSplats.heldLocksReturningToUser(curr));
    }

    /** The task leaves the kernel (do_exit() or the return to user space): a report if it holds locks. */
    private void leavesHoldingLocks(LockdepTask t, IrqState s, Site site, String kind,
                                    java.util.function.Function<Current, List<String>> splat) {
        if (!debugLocks.on() || task(t).depth() == 0) {
            return;
        }
        own();
        Current curr = new Current(t, task(t), s, site);
        // The report lists every held lock; the JSON names the first one taken.
        String first = graph.get(task(t).heldLocks().get(0).classIdx()).name;
        debugLocks.lockdepBug(new LockdepReport(kind, first, null, UsageValidator.step(curr),
                debugLocks.text(() -> splat.apply(curr))));
    }

    /**
     * lockdep_hardirqs_on(): marks every held lock HARDIRQ-ON, and SOFTIRQ-ON too if softirqs are
     * on, then records the event; in a hardirq handler it turns lockdep off instead. The marking
     * runs before lockdep flips its own hardirqs_enabled, so a report from it shows HE0.
     */
    public void hardirqsOn(LockdepTask t, IrqState s, Site site) {
        if (!debugLocks.on()) {
            return;
        }
        own();
        if (s.hardirqContext() > 0) {
            // lockdep_hardirqs_on_prepare(): DEBUG_LOCKS_WARN_ON(lockdep_hardirq_context()), "Can't
            // allow enabling interrupts while in an interrupt handler": lockdep is off, nothing marked.
            debugLocks.off();   // the CPU prints the WARNING (IrqControl)
            return;
        }
        IrqState before = new IrqState(false, s.softirqsEnabled(), s.hardirqContext(), s.softirqContext(),
                s.hardirqCount(), s.softirqCount(), s.preemptCount(), s.rcuDepth());
        Current curr = new Current(t, task(t), before, site);
        if (!usage.markHeldLocks(curr, LockUsageBit.ENABLED_HARDIRQ)) {
            return;
        }
        if (curr.softirqsEnabled() && !usage.markHeldLocks(curr, LockUsageBit.ENABLED_SOFTIRQ)) {
            return;
        }
        curr.state().irqtrace.hardirqsOn(site);
    }

    /** lockdep_hardirqs_off(): records the event. */
    public void hardirqsOff(LockdepTask t, IrqState s, Site site) {
        if (debugLocks.on()) {
            own();
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
        own();
        TaskLockState state = task(t);
        if (!state.setSoftirqsEnabled(true)) {
            return;     // redundant_softirqs_on
        }
        state.irqtrace.softirqsOn(site);
        if (s.hardirqsEnabled()) {
            usage.markHeldLocks(new Current(t, state, s, site), LockUsageBit.ENABLED_SOFTIRQ);
        }
    }

    /** lockdep_softirqs_off(): records the event. */
    public void softirqsOff(LockdepTask t, IrqState s, Site site) {
        if (debugLocks.on()) {
            own();
            TaskLockState state = task(t);
            if (state.setSoftirqsEnabled(false)) {
                state.irqtrace.softirqsOff(site);
            }
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
        String key = function + '\u0000' + op;
        if (sleepReported.contains(key)) {
            return;
        }
        own();
        Set<String> reported = new HashSet<>(sleepReported);
        reported.add(key);
        sleepReported = reported;
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
     * A 64-bit hash of everything but the held-lock stacks that can change a future verdict:
     * debug_locks, the kinds reported, each class's usage mask and edge lists (with kinds, in list
     * order, which decides what a search finds first) and the chain cache. The caller adds each
     * task's {@link #heldLocksHash}, under the task's name or a canonical one. Traces, step numbers
     * and irq event stamps only change report text and are left out. Once lockdep is off none of
     * its state can matter any more, so all such states hash alike.
     */
    public long fingerprint() {
        if (!fingerprintKnown) {
            fingerprint = computeFingerprint();
            fingerprintKnown = true;
        }
        return fingerprint;
    }

    private long computeFingerprint() {
        Fingerprint f = new Fingerprint();
        f.add(debugLocks.on());
        List<String> kinds = debugLocks.kinds();
        f.add(kinds.size());
        for (int i = 0; i < kinds.size(); i++) {
            f.add(kinds.get(i));
        }
        if (!debugLocks.on()) {
            return f.value();
        }
        graph.hash(f);
        f.add(lockChains.size()).add(lockChains.hashSum());
        return f.value();
    }

    /** Lockdep's shared part (classes, chains, reports) as it was before a step, for {@link #onlyRegisteredSince}. */
    public static final class Shared {
        /** Never changed once shared: a copy that changes the graph changes a copy of it. */
        private final DependencyGraph graph;
        private final long rest;

        private Shared(DependencyGraph graph, long rest) {
            this.graph = graph;
            this.rest = rest;
        }
    }

    /** The shared part now; the graph is marked shared, so that changes after this copy it first. */
    public Shared shared() {
        shared = true;
        return new Shared(graph, sharedRest());
    }

    /**
     * Did lockdep's shared part change since {@code before} only by registering classes and
     * marking them used (LOCK_USED, LOCK_USED_READ), with no irq usage bit or dependency? Then the
     * step that did so commutes with every other CPU's lockdep events: a class is found by its
     * name, nothing lockdep checks or the checker hashes depends on the order classes were
     * registered in (chain keys and the graph's fingerprint go by name), and the used bits take
     * part in no check (mark_lock() validates only the irq states). Irq usage bits and
     * dependencies do not commute: which of two steps completes an irq-safe/unsafe conflict
     * decides the report's kind.
     */
    public boolean onlyRegisteredSince(Shared before) {
        if (sharedRest() != before.rest) {
            return false;
        }
        if (graph == before.graph) {
            return true;
        }
        List<LockClass> now = graph.classes();
        List<LockClass> was = before.graph.classes();
        if (now.size() < was.size()) {
            return false;
        }
        int used = LockUsageBit.flag(LockUsageBit.USED) | LockUsageBit.flag(LockUsageBit.USED_READ);
        for (int i = 0; i < now.size(); i++) {
            LockClass c = now.get(i);
            LockClass old = i < was.size() ? was.get(i) : null;
            boolean same = old == null
                    ? (c.usageMask & ~used) == 0 && c.locksAfter.isEmpty() && c.locksBefore.isEmpty()
                    : (c.usageMask & ~used) == (old.usageMask & ~used) && c.locksAfter == old.locksAfter
                            && c.locksBefore == old.locksBefore;
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** The shared part but the classes: debug_locks, the reports, the chains, might_sleep()'s reported sites. */
    private long sharedRest() {
        Fingerprint f = new Fingerprint().add(debugLocks.on()).add(debugLocks.kinds().size());
        return f.add(lockChains.size()).add(lockChains.hashSum()).add(sleepReported.size()).value();
    }

    /** A hash of the locks {@code t} holds (0: none), or 0 for all once lockdep is off. */
    public long heldLocksHash(LockdepTask t) {
        return debugLocks.on() ? tasks.heldHash(t, graph) : 0;
    }

    private TaskLockState task(LockdepTask t) {
        return tasks.get(t);
    }
}
