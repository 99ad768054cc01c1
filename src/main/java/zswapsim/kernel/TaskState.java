package zswapsim.kernel;

import zswapsim.lockdep.LockdepTask;

/** A task: a scenario task, a per-CPU kworker or an rcuo kthread, bound to one CPU. */
final class TaskState {
    enum Kind { SCENARIO, KWORKER, RCUO }

    final Kind kind;
    final String comm;
    final int pid;
    final int cpu;
    /** The task as lockdep knows it. */
    final LockdepTask lockdepTask;
    Context ctx;
    boolean done;
    /** rcu_read_unlock_special.b.blocked: it slept inside a reader that a grace period waits for. */
    boolean rcuBlocked;

    TaskState(Kind kind, String comm, int pid, int cpu, Context ctx) {
        this.kind = kind;
        this.comm = comm;
        this.pid = pid;
        this.cpu = cpu;
        this.lockdepTask = new LockdepTask(comm, pid);
        this.ctx = ctx;
    }

    TaskState copy() {
        TaskState t = new TaskState(kind, comm, pid, cpu, ctx.copy());
        t.done = done;
        t.rcuBlocked = rcuBlocked;
        return t;
    }

    void hash(Fingerprint f, Relabel r) {
        f.add(done).add(rcuBlocked);
        ctx.hash(f, r);
    }

    /** Is it on its CPU's stack: neither finished nor asleep? */
    boolean onCpu() {
        return !done && !ctx.wait.sleeps();
    }

    /** Kthreads loop forever; a run may end while they wait for work. */
    boolean service() {
        return kind != Kind.SCENARIO;
    }
}
