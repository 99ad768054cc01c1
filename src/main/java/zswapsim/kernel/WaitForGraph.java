package zswapsim.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The deadlock monitor, fed {@link WaitEvent}s as lockdep is fed its events: it keeps its own
 * wait-for graph and never reads an actor's state. Nodes are contexts (a task, or an interrupt
 * level of a CPU). A context waiting on a lock points at the lock's holders and, for a reader
 * queued fairly (qrwlock in task context, rwsem), at the writers queued ahead of it; one in
 * del_timer_sync() at the context running the timer's function; one in flush_work() at the
 * kworker running the work (any kworker of any CPU's pool); one in synchronize_rcu() at what holds up the grace period (the
 * context a CPU that owes a quiescent state is stuck in, and tasks that slept inside a reader);
 * one in rcu_barrier() at that, for the grace period its callbacks need, and at the contexts
 * running the callbacks it waits for.
 * An interrupted context points at the interrupt above it: it cannot resume before that returns.
 * A cycle confined to one CPU's stack is a "self" deadlock.
 *
 * <p>Everything here follows from the actors' states (it mirrors who holds, waits and runs what),
 * so the machine's fingerprint need not include it; {@link #copy()} keeps the checker's branches
 * apart, sharing arrays until one side writes them. Arrays are indexed, never hash-ordered.
 */
final class WaitForGraph {
    private final Program program;
    private final int tasks;
    /** Per task, its CPU and comm: tasks never move or appear (shared by all copies). */
    private final int[] taskCpu;
    private final String[] taskComm;
    private final boolean[] taskService;

    /** Per node: what it waits for, its kind and label, its call chain; a write replaces the node's record. */
    private Node[] nodes;
    // Per lock: the exclusive owner, the readers (with their labels when granted), the waiters in order.
    private int[] owner;
    private String[] ownerLabel;
    private int[][] readers;
    private String[][] readerLabels;
    private int[][] queue;
    // Per CPU: the current task, how many interrupt levels run above it.
    private int[] current;
    private int[] irqDepth;
    // Per task: the work it runs as a kworker (-1: none), and that work's workqueue.
    private int[] workRunning;
    private int[] workWq;
    private boolean[] qsOwed;
    private long gpAsked;
    /**
     * The switch-to-atomic callbacks (percpu_ref_switch_to_atomic_rcu()) queued so far, one
     * {ref, cpu, seq, gp} each, the latest per ref last; replaced on write, so copies share it.
     */
    private long[][] switchCallbacks = new long[0][];
    // Per CPU: the RCU callback it runs (its number, -1: none), the context and the function running it.
    private int[] callbackSeq;
    private int[] callbackNode;
    private int[] callbackBlock;
    // Per task and per timer.
    private boolean[] done;
    private boolean[] rcuBlocked;
    private int[] timerNode;
    /** The nodes that are {@link #blocked}: where a cycle search starts. */
    private BitSet blockedNodes;
    // Copy-on-write: copy() shares every array with its twin, and the first write to a group
    // (per node, per lock, per CPU, per task, per timer) after it copies that group's arrays.
    private boolean nodesShared;
    private boolean locksShared;
    private boolean cpusShared;
    private boolean tasksShared;
    private boolean timersShared;
    /** An edge may have appeared since the last look (set by the events that add edges). */
    private boolean changed;

    /** The graph of a machine about to start: {@code current} per CPU, kthreads ({@code service}) asleep waiting for work. */
    WaitForGraph(Program program, int[] taskCpu, String[] taskComm, boolean[] taskService, int[] current) {
        this.program = program;
        this.tasks = taskCpu.length;
        this.taskCpu = taskCpu;
        this.taskComm = taskComm;
        this.taskService = taskService;
        int cpus = current.length;
        int nodes = tasks + 4 * cpus;
        this.nodes = new Node[nodes];
        Arrays.fill(this.nodes, Node.NONE);
        blockedNodes = new BitSet(nodes);
        for (int t = 0; t < tasks; t++) {
            this.nodes[t] = Node.task(taskComm[t], taskService[t] ? Wait.IDLE : Wait.NONE);
        }
        int locks = program.locks.size();
        owner = new int[locks];
        Arrays.fill(owner, -1);
        ownerLabel = new String[locks];
        readers = new int[locks][0];
        readerLabels = new String[locks][0];
        queue = new int[locks][0];
        this.current = current.clone();
        irqDepth = new int[cpus];
        workRunning = new int[tasks];
        Arrays.fill(workRunning, -1);
        workWq = new int[tasks];
        qsOwed = new boolean[cpus];
        callbackSeq = new int[cpus];
        Arrays.fill(callbackSeq, -1);
        callbackNode = new int[cpus];
        callbackBlock = new int[cpus];
        done = new boolean[tasks];
        rcuBlocked = new boolean[tasks];
        timerNode = new int[program.timers.size()];
        Arrays.fill(timerNode, -1);
    }

    private WaitForGraph(WaitForGraph o) {
        program = o.program;
        tasks = o.tasks;
        taskCpu = o.taskCpu;
        taskComm = o.taskComm;
        taskService = o.taskService;
        nodes = o.nodes;
        blockedNodes = o.blockedNodes;
        owner = o.owner;
        ownerLabel = o.ownerLabel;
        readers = o.readers;           // the inner arrays are replaced, never written
        readerLabels = o.readerLabels;
        queue = o.queue;
        current = o.current;
        irqDepth = o.irqDepth;
        qsOwed = o.qsOwed;
        gpAsked = o.gpAsked;
        switchCallbacks = o.switchCallbacks;
        callbackSeq = o.callbackSeq;
        callbackNode = o.callbackNode;
        callbackBlock = o.callbackBlock;
        workRunning = o.workRunning;
        workWq = o.workWq;
        done = o.done;
        rcuBlocked = o.rcuBlocked;
        timerNode = o.timerNode;
        changed = o.changed;
        nodesShared = locksShared = cpusShared = tasksShared = timersShared = true;
        o.nodesShared = o.locksShared = o.cpusShared = o.tasksShared = o.timersShared = true;
    }

    private void ownNodes() {
        if (nodesShared) {
            nodes = nodes.clone();
            blockedNodes = (BitSet) blockedNodes.clone();
            nodesShared = false;
        }
    }

    private void ownLocks() {
        if (locksShared) {
            owner = owner.clone();
            ownerLabel = ownerLabel.clone();
            readers = readers.clone();
            readerLabels = readerLabels.clone();
            queue = queue.clone();
            locksShared = false;
        }
    }

    private void ownCpus() {
        if (cpusShared) {
            current = current.clone();
            irqDepth = irqDepth.clone();
            qsOwed = qsOwed.clone();
            callbackSeq = callbackSeq.clone();
            callbackNode = callbackNode.clone();
            callbackBlock = callbackBlock.clone();
            cpusShared = false;
        }
    }

    private void ownTasks() {
        if (tasksShared) {
            workRunning = workRunning.clone();
            workWq = workWq.clone();
            done = done.clone();
            rcuBlocked = rcuBlocked.clone();
            tasksShared = false;
        }
    }

    private void ownTimers() {
        if (timersShared) {
            timerNode = timerNode.clone();
            timersShared = false;
        }
    }

    WaitForGraph copy() {
        return new WaitForGraph(this);
    }

    private int node(int ctxId) {
        return Context.isIrqId(ctxId) ? tasks + (ctxId - Context.IRQ_ID_BASE) : ctxId;
    }

    private int cpuOf(int node) {
        return node < tasks ? taskCpu[node] : (node - tasks) / 4;
    }

    private int irqNode(int cpu, int level) {
        return tasks + 4 * cpu + level;
    }

    void observe(WaitEvent e) {
        if (e instanceof WaitEvent.Waits w) {
            changed = true;
            ownNodes();
            int n = node(w.ctx());
            nodes[n] = nodes[n].waits(w);
            blockedNodes.set(n, blocked(n));
            if (w.until().onLock()) {
                ownLocks();
                queue[w.arg()] = plus(queue[w.arg()], n);
            }
        } else if (e instanceof WaitEvent.Granted g) {
            changed = true;
            ownNodes();
            ownLocks();
            granted(node(g.ctx()), g.lock(), g.read());
        } else if (e instanceof WaitEvent.Released r) {
            ownLocks();
            released(node(r.ctx()), r.lock(), r.read());
        } else if (e instanceof WaitEvent.Woken w) {
            ownNodes();
            int n = node(w.ctx());
            nodes[n] = nodes[n].woken();
            blockedNodes.clear(n);
        } else if (e instanceof WaitEvent.Resumes r) {
            ownNodes();
            int n = node(r.ctx());
            if (nodes[n].until().onLock() && contains(queue[nodes[n].arg()], n)) {
                // A mutex or rwsem waiter woken to try again leaves the queue (one handed the lock already has).
                ownLocks();
                queue[nodes[n].arg()] = minus(queue[nodes[n].arg()], n);
            }
            clearWait(n);
        } else if (e instanceof WaitEvent.Switched s) {
            ownCpus();
            current[s.cpu()] = s.task();
        } else if (e instanceof WaitEvent.Exits x) {
            ownTasks();
            done[x.task()] = true;
        } else if (e instanceof WaitEvent.IrqEnters i) {
            changed = true;
            ownCpus();
            ownNodes();
            int n = irqNode(i.cpu(), irqDepth[i.cpu()]++);
            nodes[n] = Node.of(i.kind(), i.label());
            blockedNodes.clear(n);
        } else if (e instanceof WaitEvent.SoftirqRuns s) {
            ownNodes();
            int n = node(s.ctx());
            nodes[n] = nodes[n].labelled(s.label());
        } else if (e instanceof WaitEvent.IrqExits i) {
            ownCpus();
            irqDepth[i.cpu()]--;
        } else if (e instanceof WaitEvent.TimerFnRuns t) {
            changed = true;
            ownTimers();
            timerNode[t.timer()] = node(t.ctx());
        } else if (e instanceof WaitEvent.TimerFnReturns t) {
            ownTimers();
            timerNode[t.timer()] = -1;
        } else if (e instanceof WaitEvent.WorkRuns w) {
            changed = true;
            ownTasks();
            workRunning[node(w.ctx())] = w.work();
            workWq[node(w.ctx())] = w.wq();
        } else if (e instanceof WaitEvent.WorkReturns w) {
            ownTasks();
            workRunning[node(w.ctx())] = -1;
        } else if (e instanceof WaitEvent.CallbackRuns c) {
            changed = true;
            ownCpus();
            callbackSeq[c.cpu()] = c.seq();
            callbackNode[c.cpu()] = node(c.ctx());
            callbackBlock[c.cpu()] = c.block();
        } else if (e instanceof WaitEvent.CallbackQueued q) {
            if (q.block() == program.switchToAtomicRcuBlock) {
                long[][] more = Arrays.copyOf(switchCallbacks, switchCallbacks.length + 1);
                more[more.length - 1] = new long[] {q.arg(), q.cpu(), q.seq(), q.gp()};
                switchCallbacks = more;
            }
        } else if (e instanceof WaitEvent.CallbackReturns c) {
            ownCpus();
            callbackSeq[c.cpu()] = -1;
        } else if (e instanceof WaitEvent.QsAsked q) {
            changed = true;
            ownCpus();
            gpAsked = Math.max(gpAsked, q.gp());
            qsOwed[q.cpu()] = q.owed();
        } else if (e instanceof WaitEvent.QsReported q) {
            ownCpus();
            qsOwed[q.cpu()] = false;
        } else if (e instanceof WaitEvent.ReaderBlocked b) {
            changed = true;
            ownTasks();
            rcuBlocked[b.task()] = true;
        } else if (e instanceof WaitEvent.ReaderDone d) {
            ownTasks();
            rcuBlocked[d.task()] = false;
        }
    }

    private void clearWait(int n) {
        nodes[n] = Node.of(nodes[n].kind(), nodes[n].label());
        blockedNodes.clear(n);
    }

    private void granted(int n, int lock, boolean read) {
        if (nodes[n].until().onLock() && nodes[n].arg() == lock) {
            nodes[n] = nodes[n].woken();    // handed over: it resumes on its next step
            blockedNodes.clear(n);
            queue[lock] = minus(queue[lock], n);
        }
        if (read) {
            readers[lock] = plus(readers[lock], n);
            String[] l = Arrays.copyOf(readerLabels[lock], readerLabels[lock].length + 1);
            l[l.length - 1] = nodes[n].label();
            readerLabels[lock] = l;
        } else {
            owner[lock] = n;
            ownerLabel[lock] = nodes[n].label();
        }
    }

    private void released(int n, int lock, boolean read) {
        if (!read) {
            owner[lock] = -1;     // the lock word is free, whoever took it
            return;
        }
        int[] r = readers[lock];
        for (int i = 0; i < r.length; i++) {
            if (r[i] == n) {
                readers[lock] = minus(r, n);
                String[] l = new String[r.length - 1];
                System.arraycopy(readerLabels[lock], 0, l, 0, i);
                System.arraycopy(readerLabels[lock], i + 1, l, i, r.length - i - 1);
                readerLabels[lock] = l;
                return;
            }
        }
    }

    /** Waits for something that may never come (a wait-for graph node), as opposed to asleep in msleep() or idle. */
    private boolean blocked(int n) {
        Wait w = nodes[n].until();
        return w != Wait.NONE && w != Wait.MSLEEP && w != Wait.IDLE && !nodes[n].isWoken();
    }

    /** The edges out of node {@code n}, in a fixed order: what it waits for, then the interrupt above it. */
    private List<Integer> edges(int n) {
        List<Integer> out = new ArrayList<>(4);
        if (blocked(n)) {
            waitEdges(n, out);
        }
        int cpu = cpuOf(n);
        int above = n < tasks ? (n == current[cpu] ? irqNode(cpu, 0) : -1) : n + 1;
        if (above >= 0 && cpuOf(above) == cpu && live(above)) {
            out.add(above);
        }
        return out;
    }

    private void waitEdges(int n, List<Integer> out) {
        int arg = nodes[n].arg();
        switch (nodes[n].until()) {
            case SPIN, LOCK -> {
                if (owner[arg] >= 0) {
                    out.add(owner[arg]);
                }
                if (!nodes[n].read()) {
                    for (int r : readers[arg]) {
                        out.add(r);
                    }
                } else if (nodes[n].fair()) {
                    for (int q : queue[arg]) {
                        if (q == n) {
                            break;
                        }
                        if (!nodes[q].read()) {
                            out.add(q);     // queued_read_lock_slowpath(): behind the waiting writer
                        }
                    }
                }
            }
            case TIMER_SYNC, HRTIMER_CANCEL -> {
                if (timerNode[arg] >= 0) {
                    out.add(timerNode[arg]);
                }
            }
            case FLUSH_WORKQUEUE -> {
                for (int t = 0; t < tasks; t++) {
                    if (workRunning[t] >= 0 && workWq[t] == arg) {
                        out.add(t);
                    }
                }
            }
            // flush_work(): the kworker running the work; a work an ordered workqueue holds back
            // (detail: the workqueue it is busy on) starts only after the one that runs there now.
            case FLUSH_WORK -> {
                boolean running = false;
                for (int t = 0; t < tasks; t++) {
                    if (workRunning[t] == arg) {
                        out.add(t);
                        running = true;
                    }
                }
                int wq = nodes[n].detail();
                if (!running && wq >= 0 && program.workqueues.get(wq).ordered()) {
                    for (int t = 0; t < tasks; t++) {
                        if (workRunning[t] >= 0 && workWq[t] == wq) {
                            out.add(t);
                        }
                    }
                }
            }
            // synchronize_rcu(): the grace period, then its wakeme_after_rcu() (number detail), which
            // its CPU invokes only after the callbacks queued there before it have returned.
            case GRACE_PERIOD -> {
                gracePeriodEdges(arg, out);
                int c = cpuOf(n);
                if (callbackSeq[c] >= 0 && callbackSeq[c] < nodes[n].detail()) {
                    out.add(callbackNode[c]);
                }
            }
            // percpu_ref_kill()/resurrect() waiting for a switch in flight: its confirming callback
            // needs its grace period, then runs after the callbacks queued on its CPU before it.
            case PERCPU_REF_SWITCH -> {
                long[] cb = switchCallback(arg);
                if (cb != null) {
                    gracePeriodEdges(cb[3], out);
                    int c = (int) cb[1];
                    if (callbackSeq[c] >= 0 && callbackSeq[c] < cb[2]) {
                        out.add(callbackNode[c]);
                    }
                }
            }
            // rcu_barrier() cannot return before the grace period its callbacks need (arg, 0 when
            // none does), nor before those of its callbacks that run now have returned (up to
            // number detail). A callback ready but not yet invoked has no edge (a stall).
            case RCU_BARRIER -> {
                if (arg > 0) {
                    gracePeriodEdges(arg, out);
                }
                for (int c = 0; c < current.length; c++) {
                    if (callbackSeq[c] >= 0 && callbackSeq[c] <= nodes[n].detail()) {
                        out.add(callbackNode[c]);
                    }
                }
            }
            default -> {
            }
        }
    }

    /** The latest switch-to-atomic callback queued for ref {@code ref}: {ref, cpu, seq, gp}, or null. */
    private long[] switchCallback(int ref) {
        for (int i = switchCallbacks.length - 1; i >= 0; i--) {
            if (switchCallbacks[i][0] == ref) {
                return switchCallbacks[i];
            }
        }
        return null;
    }

    /**
     * Grace period {@code gp} waits for the CPUs that owe it a quiescent state and are stuck, and
     * for tasks that slept in a reader; one older than the last to start has ended and waits for nothing.
     */
    private void gracePeriodEdges(long gp, List<Integer> out) {
        if (gp < gpAsked) {
            return;
        }
        for (int c = 0; c < current.length; c++) {
            int top = stuckTop(c);
            if (top >= 0 && (gp > gpAsked || qsOwed[c])) {
                out.add(top);
            }
        }
        for (int t = 0; t < tasks; t++) {
            if (rcuBlocked[t]) {
                out.add(t);
            }
        }
    }

    /**
     * The context CPU {@code cpu} cannot leave while it waits, so the CPU cannot pass a quiescent
     * state: an interrupt on top that waits, or a current task that spins; else -1 (a sleeping
     * task leaves the CPU idle, which is an extended quiescent state).
     */
    private int stuckTop(int cpu) {
        int top = irqDepth[cpu] > 0 ? irqNode(cpu, irqDepth[cpu] - 1) : current[cpu];
        if (top < 0 || !blocked(top)) {
            return -1;
        }
        return top >= tasks || !nodes[top].until().sleeps() ? top : -1;
    }

    /** May an edge have appeared since the last {@link #afterMove}? */
    boolean changed() {
        return changed;
    }

    /** After a move: a deadlock if an edge appeared and closed a cycle, else null. */
    Deadlock afterMove() {
        if (!changed) {
            return null;
        }
        changed = false;
        return findCycle();
    }

    /** A cycle through a waiting context (the first by context id), or null. */
    Deadlock findCycle() {
        for (int n = blockedNodes.nextSetBit(0); n >= 0; n = blockedNodes.nextSetBit(n + 1)) {
            if (live(n)) {
                List<Integer> path = new ArrayList<>();
                if (dfs(n, n, path, new boolean[nodes.length])) {
                    return describe(path);
                }
            }
        }
        return null;
    }

    /** A task asleep (on a mutex, in a flush, ...), not running on its CPU. */
    private boolean sleeps(int n) {
        return n < tasks && nodes[n].until() != Wait.NONE && nodes[n].until().sleeps();
    }

    /** A task, or an interrupt level that is on its CPU's stack now. */
    private boolean live(int n) {
        return n < tasks || n - irqNode(cpuOf(n), 0) < irqDepth[cpuOf(n)];
    }

    private boolean dfs(int node, int start, List<Integer> path, boolean[] seen) {
        path.add(node);
        seen[node] = true;
        for (int next : edges(node)) {
            if (next == start || !seen[next] && dfs(next, start, path, seen)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        return false;
    }

    private Deadlock describe(List<Integer> cycle) {
        TreeSet<Integer> cpus = new TreeSet<>();
        TreeSet<String> locks = new TreeSet<>();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < cycle.size(); i++) {
            int n = cycle.get(i);
            cpus.add(cpuOf(n));
            if (blocked(n)) {
                if (nodes[n].until().onLock()) {
                    locks.add(program.locks.get(nodes[n].arg()).name());
                }
                parts.add(who(n, nodes[n].label()) + " (" + String.join(" <- ", chainOf(n)) + ") "
                        + waitsFor(n, cycle.get((i + 1) % cycle.size())));
            }
        }
        boolean self = cpus.size() == 1 && onOneStack(cycle);
        String why = "";
        if (self) {
            if (cycle.size() > 1 && sleeps(cycle.get(0))) {
                why = ", which slept on that CPU: it can never run there again to release it";
            } else if (cycle.size() > 1) {
                why = ", which it interrupted on the same CPU: that context can never run again to release it";
            } else {
                why = nodes[cycle.get(0)].until().onLock() ? ", which is itself: it already holds the lock" : ", which is itself";
            }
        }
        String explanation = (self ? "self deadlock: " : "deadlock (wait-for cycle): ") + String.join("; ", parts) + why;
        return new Deadlock(self ? Deadlock.Kind.SELF : Deadlock.Kind.CYCLE, List.copyOf(cpus), List.copyOf(locks), explanation);
    }

    @SuppressWarnings("unchecked")
    private List<String> chainOf(int n) {
        return (List<String>) nodes[n].chain();
    }

    /** How node {@code n} waits for {@code next}, the node after it on the cycle. */
    private String waitsFor(int n, int next) {
        int arg = nodes[n].arg();
        String running = who(next, nodes[next].label());
        List<Integer> targets = new ArrayList<>(4);
        waitEdges(n, targets);
        if (!targets.contains(next) && nodes[n].until().onLock()) {
            // The edge to the interrupt on top of n's CPU: even once the lock is n's, n cannot run there.
            return (nodes[n].until() == Wait.LOCK ? "sleeps" : "spins") + " on " + program.locks.get(arg).name() + " held by "
                    + holders(arg) + ", and cannot run again on CPU" + cpuOf(n) + " before " + running + " returns";
        }
        return switch (nodes[n].until()) {
            case SPIN, LOCK -> {
                String lock = program.locks.get(arg).name();
                String held = (nodes[n].until() == Wait.LOCK ? "sleeps" : "spins") + " on " + lock + " held by " + holders(arg);
                boolean holds = owner[arg] == next || contains(readers[arg], next);
                yield holds ? held : held + ", queued behind the waiting writer " + running;
            }
            case TIMER_SYNC -> "spins in del_timer_sync(" + program.timers.get(arg).name() + ") until its function "
                    + program.block(program.timers.get(arg).block()).function() + "() returns in " + running;
            case FLUSH_WORK -> next < tasks && workRunning[next] != arg
                    ? "sleeps in flush_work(" + program.works.get(arg).name() + "), which the ordered workqueue "
                    + program.workqueues.get(nodes[n].detail()).name() + " holds back until the work running in " + running + " returns"
                    : "sleeps in flush_work(" + program.works.get(arg).name() + ") until it returns in " + running;
            case FLUSH_WORKQUEUE -> "sleeps in flush_workqueue(" + program.workqueues.get(arg).name()
                    + ") until its work returns in " + running;
            case HRTIMER_CANCEL -> "spins in hrtimer_cancel(" + program.timers.get(arg).name() + ") until its function "
                    + program.block(program.timers.get(arg).block()).function() + "() returns in " + running;
            case RCU_BARRIER -> runsCallback(next, nodes[n].detail()) >= 0
                    ? "sleeps in rcu_barrier() until the RCU callback " + program.block(callbackBlock[runsCallback(next, nodes[n].detail())]).function()
                    + "() returns in " + running
                    : "sleeps in rcu_barrier() until grace period " + arg + " ends, which waits for " + gpHolder(next, running);
            case GRACE_PERIOD -> callbackSeq[cpuOf(n)] >= 0 && callbackNode[cpuOf(n)] == next
                    ? "sleeps in synchronize_rcu() until its wakeme_after_rcu() runs, queued behind the RCU callback "
                    + program.block(callbackBlock[cpuOf(n)]).function() + "() that runs in " + running
                    : "sleeps in synchronize_rcu() until grace period " + arg + " ends, which waits for " + gpHolder(next, running);
            case PERCPU_REF_SWITCH -> {
                long[] cb = switchCallback(arg);
                yield cb != null && callbackSeq[(int) cb[1]] >= 0 && callbackNode[(int) cb[1]] == next
                        ? "sleeps in __percpu_ref_switch_mode() until percpu_ref_switch_to_atomic_rcu() confirms the switch,"
                        + " queued behind the RCU callback " + program.block(callbackBlock[(int) cb[1]]).function()
                        + "() that runs in " + running
                        : "sleeps in __percpu_ref_switch_mode() until percpu_ref_switch_to_atomic_rcu() confirms the switch,"
                        + " after grace period " + (cb == null ? "?" : cb[3]) + ", which waits for " + gpHolder(next, running);
            }
            default -> "waits";
        };
    }

    /** What node {@code next} does to hold a grace period up. */
    private String gpHolder(int next, String running) {
        return next < tasks && rcuBlocked[next] ? running + " to leave its RCU reader"
                : "a quiescent state of CPU" + cpuOf(next) + ", where " + running + " is stuck";
    }

    /** The CPU on which node {@code n} runs an RCU callback numbered up to {@code upTo}, or -1. */
    private int runsCallback(int n, int upTo) {
        for (int c = 0; c < current.length; c++) {
            if (callbackSeq[c] >= 0 && callbackSeq[c] <= upTo && callbackNode[c] == n) {
                return c;
            }
        }
        return -1;
    }

    /** "CPU0 task sysfs-writer, CPU1 softirq RCU_SOFTIRQ (read)", or "nobody", as the lock actor names them. */
    private String holders(int lock) {
        StringBuilder b = new StringBuilder();
        if (owner[lock] >= 0) {
            b.append(who(owner[lock], ownerLabel[lock]));
        }
        for (int i = 0; i < readers[lock].length; i++) {
            b.append(b.length() > 0 ? ", " : "").append(who(readers[lock][i], readerLabels[lock][i])).append(" (read)");
        }
        return b.length() == 0 ? "nobody" : b.toString();
    }

    /** "CPU0 task sysfs-writer", "CPU1 softirq RCU_SOFTIRQ": the context with the label it had then. */
    private String who(int n, String what) {
        return "CPU" + cpuOf(n) + " " + nodes[n].kind().name().toLowerCase(Locale.ROOT) + " " + what;
    }

    /** Are all contexts of the cycle the running stack of one CPU (its current task and interrupts)? */
    private boolean onOneStack(List<Integer> cycle) {
        int cpu = cpuOf(cycle.get(0));
        for (int n : cycle) {
            if (n < tasks && current[cpu] != n) {
                return false;
            }
        }
        return true;
    }

    /** Nothing can move but something still waits (or a scenario task never finished); null if all is done. */
    Deadlock findStall() {
        TreeSet<Integer> cpus = new TreeSet<>();
        TreeSet<String> locks = new TreeSet<>();
        List<String> parts = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            if (!done[t] && !(taskService[t] && nodes[t].until() == Wait.IDLE)) {
                cpus.add(taskCpu[t]);
                parts.add("task " + taskComm[t] + " on CPU" + taskCpu[t] + " " + waitText(t));
                if (nodes[t].until().onLock()) {
                    locks.add(program.locks.get(nodes[t].arg()).name());
                }
            }
        }
        for (int c = 0; c < current.length; c++) {
            for (int level = 0; level < irqDepth[c]; level++) {
                int n = irqNode(c, level);
                cpus.add(c);
                parts.add("CPU" + c + " " + nodes[n].kind().name().toLowerCase(Locale.ROOT) + " " + nodes[n].label() + " " + waitText(n));
                if (nodes[n].until().onLock()) {
                    locks.add(program.locks.get(nodes[n].arg()).name());
                }
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        return new Deadlock(Deadlock.Kind.STALL, List.copyOf(cpus), List.copyOf(locks),
                "stall: nothing can run any more; " + String.join("; ", parts));
    }

    private String waitText(int n) {
        int arg = nodes[n].arg();
        if (nodes[n].isWoken()) {
            // Its wait is over, but the CPU stays with a context that never lets it go.
            String from = nodes[n].until().onLock() ? "its sleep on " + program.locks.get(arg).name() : "its wait";
            return "is woken from " + from + " but never runs again";
        }
        return switch (nodes[n].until()) {
            case NONE -> "cannot run";
            case SPIN -> "spins forever on " + program.locks.get(arg).name();
            case LOCK -> "sleeps forever on " + program.locks.get(arg).name();
            case GRACE_PERIOD -> "waits forever in synchronize_rcu() for grace period " + arg;
            case RCU_BARRIER -> "waits forever in rcu_barrier()";
            case FLUSH_WORK -> "waits forever in flush_work(" + program.works.get(arg).name() + ")";
            case FLUSH_WORKQUEUE -> "waits forever in flush_workqueue(" + program.workqueues.get(arg).name() + ")";
            case HRTIMER_CANCEL -> "spins forever in hrtimer_cancel(" + program.timers.get(arg).name() + ")";
            case MSLEEP -> "sleeps";
            case TIMER_BASE_BUSY -> "sleeps forever in msleep(): its process_timeout timer is queued on CPU" + cpuOf(n)
                    + "'s BASE_GLOBAL, whose __run_timers() returns at once while " + program.timers.get(arg).name()
                    + "'s function runs";
            case PERCPU_REF_SWITCH -> "waits forever in __percpu_ref_switch_mode() (percpu_ref_kill() or resurrect()) for a mode switch";
            case IDLE -> "waits for work";
            case TIMER_SYNC -> "spins forever in del_timer_sync(" + program.timers.get(arg).name() + ")";
            case GRAB_PENDING -> "spins forever in try_to_grab_pending(" + program.works.get(arg).name()
                    + "): WORK_STRUCT_PENDING is set but the work is on no list (a queue refused while its workqueue drained)";
        };
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static int[] plus(int[] a, int v) {
        int[] n = Arrays.copyOf(a, a.length + 1);
        n[a.length] = v;
        return n;
    }

    /** {@code a} without its first {@code v}. */
    private static int[] minus(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                int[] n = new int[a.length - 1];
                System.arraycopy(a, 0, n, 0, i);
                System.arraycopy(a, i + 1, n, i, a.length - i - 1);
                return n;
            }
        }
        return a;
    }

    /** One node's wait (as Context's wait fields), kind, label and call chain; never changed once made. */
    private record Node(Context.Kind kind, String label, Wait until, int arg, int detail, boolean read, boolean fair,
                        boolean isWoken, List<?> chain) {
        /** An interrupt level that has not run yet. */
        static final Node NONE = new Node(null, null, Wait.NONE, 0, 0, false, false, false, null);

        static Node task(String comm, Wait until) {
            return new Node(Context.Kind.TASK, comm, until, 0, 0, false, false, false, null);
        }

        /** A context that waits for nothing. */
        static Node of(Context.Kind kind, String label) {
            return new Node(kind, label, Wait.NONE, -1, -1, false, false, false, null);
        }

        Node waits(WaitEvent.Waits w) {
            return new Node(kind, label, w.until(), w.arg(), w.detail(), w.read(), w.fair(), false, w.chain());
        }

        Node woken() {
            return new Node(kind, label, until, arg, detail, read, fair, true, chain);
        }

        Node labelled(String l) {
            return new Node(kind, l, until, arg, detail, read, fair, isWoken, chain);
        }
    }
}
