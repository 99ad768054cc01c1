package zswapsim.lockdep;


/**
 * Each task's lockdep state, in (pid, comm) order. A copy shares the states: both sides take a new
 * owner token, so whichever changes a task's state first changes its own copy of it. A transition
 * touches one task or two, so branching costs an array instead of every task's stack.
 */
final class TaskTable {
    /** Sorted by pid, then comm; replaced, never changed, when a task is added. */
    private LockdepTask[] tasks;
    private TaskLockState[] states;
    private Object owner = new Object();

    TaskTable() {
        this(new LockdepTask[0], new TaskLockState[0]);
    }

    private TaskTable(LockdepTask[] tasks, TaskLockState[] states) {
        this.tasks = tasks;
        this.states = states;
    }

    TaskTable copy() {
        owner = new Object();
        return new TaskTable(tasks, states.clone());
    }

    /** The task's state, created on first use, for reading or changing in place. */
    TaskLockState get(LockdepTask t) {
        int i = indexOf(t);
        if (i < 0) {
            i = -i - 1;
            tasks = inserted(tasks, new LockdepTask[tasks.length + 1], i, t);
            states = inserted(states, new TaskLockState[states.length + 1], i, new TaskLockState(owner));
        } else if (states[i].owner != owner) {
            states[i] = states[i].copy(owner);
        }
        return states[i];
    }

    private static <T> T[] inserted(T[] from, T[] to, int at, T item) {
        System.arraycopy(from, 0, to, 0, at);
        to[at] = item;
        System.arraycopy(from, at, to, at + 1, from.length - at);
        return to;
    }

    /** {@link TaskLockState#heldHash} of the task's stack; 0 for a task lockdep has not seen. */
    long heldHash(LockdepTask t, DependencyGraph graph) {
        int i = indexOf(t);
        return i < 0 ? 0 : states[i].heldHash(graph);
    }

    /**
     * Binary search by pid, then comm: the index of {@code t}, or -(insertion point) - 1. By hand,
     * as the checker asks it for every task of every state it hashes.
     */
    private int indexOf(LockdepTask t) {
        int lo = 0;
        int hi = tasks.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            LockdepTask m = tasks[mid];
            if (m == t) {
                return mid;     // the table holds the very objects the state asks with
            }
            int c = m.pid() != t.pid() ? Integer.compare(m.pid(), t.pid()) : m.comm().compareTo(t.comm());
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }
}
