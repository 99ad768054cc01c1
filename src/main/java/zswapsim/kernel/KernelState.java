package zswapsim.kernel;

import java.util.ArrayList;
import zswapsim.lockdep.Lockdep;

/**
 * The whole machine at one point of a run. Mutable for speed; {@link #copy()} gives an
 * independent state for the checker's branches. Everything here is ordered (lists, arrays,
 * bitsets), never hash-ordered, so a run is a function of the scenario and the schedule.
 */
public final class KernelState {
    CpuState[] cpus;
    ArrayList<TaskState> tasks = new ArrayList<>();
    LockState[] locks;
    ArrayList<RefState> refs = new ArrayList<>();
    RcuState rcu;
    /** Per CPU, the system_wq work items (block, arg) queued on it, in order. */
    ArrayList<ArrayList<long[]>> work = new ArrayList<>();
    /** Per CPU, the work item its kworker is running, or null. */
    long[][] running;
    ZswapState zswap;
    int[] interruptsLeft;
    Lockdep lockdep;
    int step;
    /** Set when the run has ended in a deadlock. */
    Deadlock deadlock;

    public KernelState copy() {
        KernelState s = new KernelState();
        s.cpus = new CpuState[cpus.length];
        for (int i = 0; i < cpus.length; i++) {
            s.cpus[i] = cpus[i].copy();
        }
        for (TaskState t : tasks) {
            s.tasks.add(t.copy());
        }
        s.locks = new LockState[locks.length];
        for (int i = 0; i < locks.length; i++) {
            s.locks[i] = locks[i].copy();
        }
        for (RefState r : refs) {
            s.refs.add(r.copy());
        }
        s.rcu = rcu.copy();
        for (ArrayList<long[]> w : work) {
            s.work.add(new ArrayList<>(w));
        }
        s.running = running.clone();
        s.zswap = zswap == null ? null : zswap.copy();
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
        for (TaskState t : tasks) {
            t.hash(f);
        }
        for (LockState l : locks) {
            l.hash(f);
        }
        for (RefState r : refs) {
            r.hash(f);
        }
        rcu.hash(f);
        for (ArrayList<long[]> w : work) {
            f.add(w.size());
            for (long[] item : w) {
                f.add(item[0]).add(item[1]);
            }
        }
        for (long[] r : running) {
            f.add(r == null ? -1 : r[0] * 31 + r[1]);
        }
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
