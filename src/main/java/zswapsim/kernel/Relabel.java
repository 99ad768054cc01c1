package zswapsim.kernel;

/**
 * A renaming of CPUs, and with them of the tasks bound to them and of their interrupt contexts,
 * under which the state classes hash themselves. The identity gives a state's own fingerprint;
 * {@link Symmetry} builds the one that puts interchangeable CPUs in a canonical order.
 * Per-CPU and per-task tables are hashed in the new order, ids held in fields by their new name.
 */
final class Relabel {
    static final Relabel IDENTITY = new Relabel(null, null, null, null);

    /** old CPU -> new CPU, and the inverse; null for the identity. */
    private final int[] cpuTo;
    private final int[] cpuFrom;
    /** old task index -> new task index. */
    private final int[] taskTo;
    /** code block -> the first block with the same code: interchangeable tasks run copies of one program. */
    private final int[] blockClass;

    private Relabel(int[] cpuTo, int[] cpuFrom, int[] taskTo, int[] blockClass) {
        this.cpuTo = cpuTo;
        this.cpuFrom = cpuFrom;
        this.taskTo = taskTo;
        this.blockClass = blockClass;
    }

    /** CPU {@code cpuFrom[n]} becomes CPU n; the k-th task bound to it becomes the k-th task bound to n. */
    static Relabel ofCpus(int[] cpuFrom, int[][] tasksOnCpu, int taskCount, int[] blockClass) {
        int cpus = cpuFrom.length;
        int[] cpuTo = new int[cpus];
        int[] taskTo = new int[taskCount];
        for (int n = 0; n < cpus; n++) {
            int old = cpuFrom[n];
            cpuTo[old] = n;
            int[] oldTasks = tasksOnCpu[old];
            int[] newTasks = tasksOnCpu[n];
            for (int k = 0; k < oldTasks.length; k++) {
                taskTo[oldTasks[k]] = newTasks[k];
            }
        }
        return new Relabel(cpuTo, cpuFrom, taskTo, blockClass);
    }

    /** The code block {@code b} is hashed as. */
    int block(int b) {
        return blockClass == null ? b : blockClass[b];
    }

    /** The new name of CPU {@code c} (-1 stays -1). */
    int cpu(int c) {
        return cpuTo == null || c < 0 ? c : cpuTo[c];
    }

    /** The new name of task {@code t} (-1 stays -1). */
    int task(int t) {
        return taskTo == null || t < 0 ? t : taskTo[t];
    }

    /** The new name of a context id (a task index or an interrupt level of a CPU; -1 stays -1). */
    int ctx(int id) {
        if (taskTo == null || id < 0) {
            return id;
        }
        return Context.isIrqId(id) ? Context.irqId(cpuTo[Context.irqCpu(id)], Context.irqLevel(id)) : taskTo[id];
    }

    /** A list of sleepers as the actors keep them, (context, CPU, what it waits for...), renamed, in list order. */
    void hashWaiters(Fingerprint f, java.util.List<long[]> waiters) {
        f.add(waiters.size());
        for (int i = 0; i < waiters.size(); i++) {
            long[] w = waiters.get(i);
            f.add(ctx((int) w[0])).add(cpu((int) w[1]));
            for (int k = 2; k < w.length; k++) {
                f.add(w[k]);
            }
        }
    }

    /** The old CPU that becomes CPU {@code n}: per-CPU tables are hashed in this order. */
    int cpuAt(int n) {
        return cpuFrom == null ? n : cpuFrom[n];
    }
}
