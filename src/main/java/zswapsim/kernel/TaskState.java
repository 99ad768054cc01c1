package zswapsim.kernel;

import zswapsim.lockdep.LockdepTask;

/**
 * A task: a scenario task, a per-CPU kworker, an unbound kworker's context on one CPU (one per
 * CPU, see {@link WorkqueueState#unboundCtx}), an rcuo kthread, an irq thread or a per-CPU
 * ksoftirqd, bound to one CPU.
 * A scenario task is a user task (its code is a system call, which returns to user space) unless
 * declared {@code kthread: true}; the model's own tasks are kthreads.
 */
final class TaskState {
    enum Kind { SCENARIO, KWORKER, UNBOUND_KWORKER, RCUO, IRQ_THREAD, KSOFTIRQD }

    final Kind kind;
    final String comm;
    final int pid;
    final int cpu;
    /** A kthread never returns to user space: do_exit() when its code ends (its task work runs there, in exit_task_work()). */
    final boolean kthread;
    /** The task as lockdep knows it. */
    final LockdepTask lockdepTask;
    Context ctx;
    boolean done;
    /** rcu_read_unlock_special.b.blocked: it slept inside a reader that a grace period waits for. */
    boolean rcuBlocked;
    /** task->task_works: the blocks task_work_add() queued, oldest first (task_work_run() takes the newest). */
    int[] taskWorks = new int[0];
    /** An irq thread's IRQTF_RUNTHREAD: its interrupt asked for the thread function to run. */
    boolean runThread;
    /** PF_EXITING: a kthread's do_exit() is past exit_signals(), so it does not run that part again. */
    boolean exiting;
    /** PF_MEMALLOC, as the fs_reclaim_acquire() sections it is in: reclaim runs under memalloc_noreclaim_save(). */
    int memalloc;
    /**
     * Has it run yet? False for the kworkers beyond a pool's first until one is first woken (the
     * kernel creates them on demand, create_worker()): traces list no task that never ran. For the
     * trace only, so not in the fingerprint.
     */
    boolean started = true;
    /**
     * The task's hash as {@link #key} last gave it (null: none). A copy starts without one, and
     * {@link KernelState#ownTask} drops it before any change, so it holds while the task is
     * shared between states: workers read it concurrently, hence one immutable record.
     */
    private Key key;

    /** {@code gp}: the last completed grace period the value was computed at, or {@link #ANY_GP} if it does not depend on it. */
    private record Key(Relabel under, long gp, long value) {
    }

    private static final long ANY_GP = Long.MIN_VALUE;

    TaskState(Kind kind, String comm, int pid, int cpu, boolean kthread, Context ctx) {
        this(kind, comm, pid, cpu, kthread, new LockdepTask(comm, pid), ctx);
    }

    /** For copy(): the task's identity (and lockdep's name for it) is shared. */
    private TaskState(Kind kind, String comm, int pid, int cpu, boolean kthread, LockdepTask lockdepTask, Context ctx) {
        this.kind = kind;
        this.comm = comm;
        this.pid = pid;
        this.cpu = cpu;
        this.kthread = kthread;
        this.lockdepTask = lockdepTask;
        this.ctx = ctx;
    }

    TaskState copy() {
        TaskState t = new TaskState(kind, comm, pid, cpu, kthread, lockdepTask, ctx.copy());
        t.done = done;
        t.rcuBlocked = rcuBlocked;
        t.taskWorks = taskWorks;
        t.runThread = runThread;
        t.exiting = exiting;
        t.memalloc = memalloc;
        t.started = started;
        return t;
    }

    /**
     * The task's hash under {@code r}, remembered. It reads RCU only for a wait for a grace period,
     * relative to the last completed one (see {@link Context#waitsForGracePeriod}).
     */
    long key(Relabel r, RcuState rcu) {
        Key k = key;
        if (k != null && k.under() == r && (k.gp() == ANY_GP || k.gp() == rcu.completed)) {
            return k.value();
        }
        Fingerprint f = new Fingerprint();
        hash(f, r, rcu);
        long value = f.value();
        key = new Key(r, ctx.waitsForGracePeriod() ? rcu.completed : ANY_GP, value);
        return value;
    }

    void forgetKey() {
        key = null;
    }

    private void hash(Fingerprint f, Relabel r, RcuState rcu) {
        f.add(done).add(rcuBlocked).add(runThread).add(exiting).add(memalloc).add(taskWorks.length);
        for (int w : taskWorks) {
            f.add(w);
        }
        ctx.hash(f, r, rcu);
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
