package zswapsim.kernel;

import java.util.ArrayList;
import java.util.List;
import zswapsim.lockdep.Lockdep;
import zswapsim.lockdep.LockdepTask;

/**
 * The whole machine at one point of a run: the states of all actors side by side, each owned and
 * changed only by its actor ({@code cpus} and the tasks bound to each by the CPU actors, {@code
 * locks} by the lock actors, {@code refs} by the ref actors, {@code rcu}, {@code wq} and {@code
 * zswap} by theirs), the environment's interrupts left, and the monitors' tables (lockdep, the
 * deadlock found). Mutable for speed; {@link #copy()} gives an independent state for the
 * checker's branches, copy-on-write per actor: the copy shares every actor's state, and an actor's
 * part is copied when a message is first delivered to it ({@link #own}), which is sound because an
 * actor's behaviour changes its own state alone. Everything here is ordered (lists, arrays,
 * bitsets), never hash-ordered, so a run is a function of the scenario and the schedule.
 * The copy and hash code of the state classes index their lists rather than iterate them, which
 * spares an iterator per loop in the checker's hottest code.
 */
public final class KernelState {
    CpuState[] cpus;
    ArrayList<TaskState> tasks;
    /** Per CPU, the indexes of the tasks bound to it. Tasks never move or appear: shared by all copies. */
    int[][] tasksOnCpu;
    /** Per CPU, lockdep's current while it idles (swapper/N); shared by all copies. */
    LockdepTask[] swappers;
    LockState[] locks;
    /** {@link Program#lockCpu} and {@link Program#cpuLock}: a CPU's own lock is hashed with the CPU. Shared by all copies. */
    int[] lockCpu;
    int[] cpuLock;
    ArrayList<RefState> refs;
    RcuState rcu;
    WorkqueueState wq;
    ZswapState zswap;
    TimerState timers;
    TaskletState tasklets;
    /** Per interrupt, the task index of its irq thread, or -1. Fixed at start: shared by all copies. */
    int[] irqThreadTask;
    /** Per CPU, the task index of its ksoftirqd/N. Fixed at start: shared by all copies. */
    int[] ksoftirqdTask;
    int[] interruptsLeft;
    Lockdep lockdep;
    int step;
    /** Set when the run has ended in a deadlock. */
    Deadlock deadlock;
    /**
     * The deadlock monitor's wait-for graph: it mirrors the actors' waits, so it is copied but not
     * hashed. Shared with the state it was copied from until either side's move tells it an event
     * ({@link #ownWaits}): many moves tell it none.
     */
    WaitForGraph waits;
    private boolean waitsShared;
    /** Messages delivered so far in this run, for throughput figures; not part of the machine. */
    long deliveries;
    /**
     * Per actor (CPUs, then RCU, the workqueues, zswap, the timers, the tasklets, the locks, the refs): is its
     * state this machine's own, or still shared with the state it was copied from (or a copy)?
     */
    private boolean[] owned;
    /**
     * Per task: is its state this machine's own? A delivery to a CPU owns the CPU's registers and
     * interrupt contexts at once but each of its tasks only when the delivery reaches it
     * ({@link #ownTask}): most steps change one task of several.
     */
    private boolean[] taskOwned;
    /** The actors delivered to since the move began ({@link #own}'s indices as bits, the last one standing for all beyond). */
    private long touched;
    /**
     * Per CPU, the part of its {@link #cpuKey} that hashes its own actor (registers, interrupt
     * contexts, tasks, the locks lockdep sees them hold), while that is unchanged (null: not known):
     * most moves leave most CPUs as they were. Copied with the state; a delivery to the CPU forgets it.
     * It reads RCU only for the grace periods its sleepers wait for, relative to the last completed
     * one, which the key records if there is such a sleeper; lockdep's part changes only in
     * deliveries to the CPU whose task holds the locks, and all at once when lockdep turns off,
     * which the key records too.
     */
    private CpuKey[] cpuKeys;
    /**
     * Per CPU, the part of its {@link #cpuKey} that RCU and the workqueues hold for it (null: not
     * known); a delivery to either forgets every CPU's, without the CPUs' own parts.
     */
    private SharedKey[] sharedKeys;

    /** A {@link CpuKey}'s grace period when its value holds whichever grace periods have completed. */
    private static final long ANY_GP = Long.MIN_VALUE;

    private record CpuKey(Relabel under, boolean lockdepOn, long completed, long value) {
    }

    private record SharedKey(Relabel under, long value) {
    }

    public KernelState() {
        this(new ArrayList<>(), new ArrayList<>());
    }

    /** For copy(): lists presized, none allocated only to be replaced. */
    private KernelState(ArrayList<TaskState> tasks, ArrayList<RefState> refs) {
        this.tasks = tasks;
        this.refs = refs;
    }

    /** A copy sharing every actor's state with this one until either side delivers to the actor. */
    public KernelState copy() {
        KernelState s = new KernelState(new ArrayList<>(tasks), new ArrayList<>(refs));
        s.tasksOnCpu = tasksOnCpu;
        s.swappers = swappers;
        s.cpus = cpus.clone();
        s.locks = locks.clone();
        s.lockCpu = lockCpu;
        s.cpuLock = cpuLock;
        s.rcu = rcu;
        s.wq = wq;
        s.zswap = zswap;
        s.timers = timers;
        s.tasklets = tasklets;
        s.irqThreadTask = irqThreadTask;
        s.ksoftirqdTask = ksoftirqdTask;
        s.owned = new boolean[owned.length];
        java.util.Arrays.fill(owned, false);
        s.taskOwned = new boolean[taskOwned.length];
        java.util.Arrays.fill(taskOwned, false);
        s.cpuKeys = cpuKeys.clone();
        s.sharedKeys = sharedKeys.clone();
        s.interruptsLeft = interruptsLeft.clone();
        s.lockdep = lockdep.copy();
        s.waits = waits;
        s.waitsShared = true;
        waitsShared = true;
        s.step = step;
        s.deadlock = deadlock;
        return s;
    }

    /** A move begins: no actor delivered to yet. */
    void beginMove() {
        touched = 0;
    }

    /** Actor {@code a}'s index among {@link #owned}'s, in a machine of {@code cpus} CPUs and {@code locks} locks. */
    static int slot(int cpus, int locks, Address a) {
        return switch (a.kind()) {
            case CPU -> a.index();
            case RCU -> cpus;
            case WORKQUEUE -> cpus + 1;
            case ZSWAP -> cpus + 2;
            case TIMERS -> cpus + 3;
            case TASKLETS -> cpus + 4;
            case LOCK -> cpus + 5 + a.index();
            case REF -> cpus + 5 + locks + a.index();
        };
    }

    /** The {@link #touched} bit of actor slot {@code i}: the last bit stands for every slot from 63 on. */
    static long touchedBit(int i) {
        return 1L << Math.min(i, 63);
    }

    /** The actors delivered to since the move began, as bits: CPU {@code c} is bit {@code c}. */
    long touched() {
        return touched;
    }

    /** A new machine's actors are all its own. */
    void ownAll() {
        owned = new boolean[cpus.length + 5 + locks.length + refs.size()];
        java.util.Arrays.fill(owned, true);
        taskOwned = new boolean[tasks.size()];
        java.util.Arrays.fill(taskOwned, true);
        cpuKeys = new CpuKey[cpus.length];
        sharedKeys = new SharedKey[cpus.length];
    }

    /** Before a delivery to {@code a}: makes its state this machine's own, copying it if shared. */
    void own(Address a) {
        int i = slot(cpus.length, locks.length, a);
        touched |= touchedBit(i);
        switch (a.kind()) {
            case CPU -> cpuKeys[i] = null;
            case RCU, WORKQUEUE -> java.util.Arrays.fill(sharedKeys, null);
            case LOCK -> {
                if (lockCpu[a.index()] >= 0) {
                    sharedKeys[lockCpu[a.index()]] = null;
                }
            }
            default -> { }
        }
        if (owned[i]) {
            return;
        }
        owned[i] = true;
        switch (a.kind()) {
            case CPU -> cpus[a.index()] = cpus[a.index()].copy();
            case RCU -> rcu = rcu.copy();
            case WORKQUEUE -> wq = wq.copy();
            case ZSWAP -> zswap = zswap.copy();
            case TIMERS -> timers = timers.copy();
            case TASKLETS -> tasklets = tasklets.copy();
            case LOCK -> locks[a.index()] = locks[a.index()].copy();
            case REF -> refs.set(a.index(), refs.get(a.index()).copy());
        }
    }

    /** The wait-for graph, to be told an event: copied first if it is still shared. */
    WaitForGraph ownWaits() {
        if (waitsShared) {
            waits = waits.copy();
            waitsShared = false;
        }
        return waits;
    }

    /**
     * Task {@code t}, to be changed by a delivery to its CPU ({@link #own} came first): copied if
     * it is still shared. Its remembered hash is dropped either way, since the caller may change it.
     */
    TaskState ownTask(int t) {
        TaskState task = tasks.get(t);
        if (!taskOwned[t]) {
            taskOwned[t] = true;
            task = task.copy();
            tasks.set(t, task);
        } else {
            task.forgetKey();
        }
        return task;
    }

    /** A hash of everything that decides the future, not of how we got here (no step counter). */
    public long fingerprint() {
        long[] keys = new long[cpus.length];
        for (int c = 0; c < cpus.length; c++) {
            keys[c] = cpuKey(c, Relabel.IDENTITY);
        }
        return fingerprint(Relabel.IDENTITY, keys);
    }

    /**
     * The fingerprint of this state with its CPUs and tasks renamed by {@code r}: the per-CPU
     * parts ({@code keys}, by old CPU, see {@link #cpuKey}) in the new order, then the other
     * actors' states and lockdep's, with the ids they hold by their new names.
     */
    long fingerprint(Relabel r, long[] keys) {
        Fingerprint f = new Fingerprint();
        for (int n = 0; n < cpus.length; n++) {
            f.add(keys[r.cpuAt(n)]);
        }
        for (int i = 0; i < locks.length; i++) {
            if (lockCpu[i] < 0) {
                locks[i].hash(f, r);
            }
        }
        for (int i = 0; i < refs.size(); i++) {
            refs.get(i).hash(f, r);
        }
        rcu.hash(f, r);
        wq.hash(f, r);
        timers.hash(f, r);
        tasklets.hash(f, r);
        if (zswap != null) {
            zswap.hash(f, r);
        }
        for (int left : interruptsLeft) {
            f.add(left);
        }
        f.add(deadlock == null ? 0 : 1);
        f.add(lockdep.fingerprint());
        return f.value();
    }

    /**
     * Everything bound to CPU {@code cpu}, with the CPU's own tasks and contexts named by {@code r}:
     * its registers, interrupt contexts and tasks in order (with the locks lockdep sees each hold,
     * and whether RCU waits for it as a blocked reader), the locks held while it idles, and its
     * parts of RCU and of the workqueue pool.
     */
    long cpuKey(int cpu, Relabel r) {
        return new Fingerprint().add(ownKey(cpu, r)).add(sharedKey(cpu, r)).value();
    }

    /** The CPU's own part of {@link #cpuKey}: its registers, contexts and tasks, and the locks each holds. */
    private long ownKey(int cpu, Relabel r) {
        CpuKey known = cpuKeys[cpu];
        boolean lockdepOn = lockdep.enabled();
        if (known != null && known.under() == r && known.lockdepOn() == lockdepOn
                && (known.completed() == rcu.completed || known.completed() == ANY_GP)) {
            return known.value();
        }
        Fingerprint f = new Fingerprint();
        cpus[cpu].hash(f, r, rcu);
        int[] onCpu = tasksOnCpu[cpu];
        f.add(onCpu.length);
        for (int t : onCpu) {
            f.add(tasks.get(t).key(r, rcu));
        }
        f.add(lockdep.heldLocksHash(swappers[cpu]));
        for (int t : onCpu) {
            f.add(lockdep.heldLocksHash(tasks.get(t).lockdepTask));
        }
        long value = f.value();
        cpuKeys[cpu] = new CpuKey(r, lockdepOn, waitsForGracePeriod(cpu) ? rcu.completed : ANY_GP, value);
        return value;
    }

    /**
     * Does a context of {@code cpu} wait for a grace period? Only such a wait hashes relative to
     * the last completed one, so only then does a grace period's end change the CPU's own key.
     */
    private boolean waitsForGracePeriod(int cpu) {
        for (Context c : cpus[cpu].irqStack) {
            if (c.waitsForGracePeriod()) {
                return true;
            }
        }
        for (int t : tasksOnCpu[cpu]) {
            if (tasks.get(t).ctx.waitsForGracePeriod()) {
                return true;
            }
        }
        return false;
    }

    /** RCU's and the workqueues' part of {@link #cpuKey}: the CPU's blocked readers, callbacks and pool; and its own lock. */
    private long sharedKey(int cpu, Relabel r) {
        SharedKey known = sharedKeys[cpu];
        if (known != null && known.under() == r) {
            return known.value();
        }
        Fingerprint f = new Fingerprint();
        for (int t : tasksOnCpu[cpu]) {
            f.add(rcu.blockedReaders.get(t));
        }
        rcu.hashCpu(f, cpu, r);
        wq.hashCpu(f, cpu, r);
        if (cpuLock[cpu] >= 0) {
            locks[cpuLock[cpu]].hash(f, r);
        }
        long value = f.value();
        sharedKeys[cpu] = new SharedKey(r, value);
        return value;
    }

    /** The CPU a context (a lock owner or waiter) belongs to. */
    int cpuOf(int ctxId) {
        return Context.isIrqId(ctxId) ? Context.irqCpu(ctxId) : tasks.get(ctxId).cpu;
    }

    /** The context with this id, or null for an interrupt level that has returned. */
    Context context(int ctxId) {
        if (!Context.isIrqId(ctxId)) {
            return tasks.get(ctxId).ctx;
        }
        List<Context> stack = cpus[Context.irqCpu(ctxId)].irqStack;
        int level = Context.irqLevel(ctxId);
        return level < stack.size() ? stack.get(level) : null;
    }

    public long deliveries() {
        return deliveries;
    }

    public int step() {
        return step;
    }

    public Deadlock deadlock() {
        return deadlock;
    }

    public Lockdep lockdep() {
        return lockdep;
    }
}
