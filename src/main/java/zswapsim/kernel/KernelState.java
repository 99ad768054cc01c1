package zswapsim.kernel;

import java.util.ArrayList;
import java.util.List;
import zswapsim.lockdep.Lockdep;

/**
 * The whole machine at one point of a run: the states of all actors side by side, each owned and
 * changed only by its actor ({@code cpus} and the tasks bound to each by the CPU actors, {@code
 * locks} by the lock actors, {@code refs} by the ref actors, {@code rcu}, {@code wq} and {@code
 * zswap} by theirs), the environment's interrupts left, and the monitors' tables (lockdep, the
 * deadlock found). Mutable for speed; {@link #copy()} gives an independent state for the
 * checker's branches. Everything here is ordered (lists, arrays,
 * bitsets), never hash-ordered, so a run is a function of the scenario and the schedule.
 * The copy and hash code of the state classes index their lists rather than iterate them, which
 * spares an iterator per loop in the checker's hottest code.
 */
public final class KernelState {
    CpuState[] cpus;
    ArrayList<TaskState> tasks;
    /** Per CPU, the indexes of the tasks bound to it. Tasks never move or appear: shared by all copies. */
    int[][] tasksOnCpu;
    LockState[] locks;
    ArrayList<RefState> refs;
    RcuState rcu;
    WorkqueueState wq;
    ZswapState zswap;
    TimerState timers;
    TaskletState tasklets;
    /** Per interrupt, the task index of its irq thread, or -1. Fixed at start: shared by all copies. */
    int[] irqThreadTask;
    int[] interruptsLeft;
    Lockdep lockdep;
    int step;
    /** Set when the run has ended in a deadlock. */
    Deadlock deadlock;
    /** Set during a move when a context started waiting on a lock: the deadlock monitor looks for a cycle. */
    boolean newLockWait;
    /** Messages delivered so far in this run, for throughput figures; not part of the machine. */
    long deliveries;

    public KernelState() {
        this(new ArrayList<>(), new ArrayList<>());
    }

    /** For copy(): lists presized, none allocated only to be replaced. */
    private KernelState(ArrayList<TaskState> tasks, ArrayList<RefState> refs) {
        this.tasks = tasks;
        this.refs = refs;
    }

    public KernelState copy() {
        KernelState s = new KernelState(new ArrayList<>(tasks.size()), new ArrayList<>(refs.size()));
        s.tasksOnCpu = tasksOnCpu;
        s.cpus = new CpuState[cpus.length];
        for (int i = 0; i < cpus.length; i++) {
            s.cpus[i] = cpus[i].copy();
        }
        for (int i = 0; i < tasks.size(); i++) {
            s.tasks.add(tasks.get(i).copy());
        }
        s.locks = new LockState[locks.length];
        for (int i = 0; i < locks.length; i++) {
            s.locks[i] = locks[i].copy();
        }
        for (int i = 0; i < refs.size(); i++) {
            s.refs.add(refs.get(i).copy());
        }
        s.rcu = rcu.copy();
        s.wq = wq.copy();
        s.zswap = zswap == null ? null : zswap.copy();
        s.timers = timers.copy();
        s.tasklets = tasklets.copy();
        s.irqThreadTask = irqThreadTask;
        s.interruptsLeft = interruptsLeft.clone();
        s.lockdep = lockdep.copy();
        s.step = step;
        s.deadlock = deadlock;
        return s;
    }

    /** A hash of everything that decides the future, not of how we got here (no step counter). */
    public long fingerprint() {
        Fingerprint f = new Fingerprint();
        for (CpuState c : cpus) {
            c.hash(f);
        }
        f.add(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            tasks.get(i).hash(f);
        }
        for (LockState l : locks) {
            l.hash(f);
        }
        for (int i = 0; i < refs.size(); i++) {
            refs.get(i).hash(f);
        }
        rcu.hash(f);
        wq.hash(f);
        timers.hash(f);
        tasklets.hash(f);
        if (zswap != null) {
            zswap.hash(f);
        }
        for (int left : interruptsLeft) {
            f.add(left);
        }
        f.add(deadlock == null ? 0 : 1);
        f.add(lockdep.fingerprint());
        return f.value();
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
