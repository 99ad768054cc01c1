package zswapsim.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import zswapsim.kernel.Deadlock;
import zswapsim.kernel.Kernel;
import zswapsim.kernel.KernelState;
import zswapsim.kernel.Locality;
import zswapsim.kernel.Move;
import zswapsim.kernel.Symmetry;
import zswapsim.lockdep.Lockdep;

/**
 * Explores every schedule of a scenario breadth-first, in-process, on the same model as
 * {@code run}. States are identified by their 64-bit fingerprint (hash compaction), so each
 * is expanded once (with sleep sets, again for the moves it skipped and may no longer skip);
 * breadth-first order makes the first deadlock found a shortest one. With
 * {@link CheckOptions#localSteps}, a CPU's step that touches nothing but that CPU's own registers
 * (a note, a kthread's loop) is taken alone, since every order of it and other moves gives the
 * same states, and a CPU cut off from the others explores its own moves alone
 * ({@link #persistentSet}); with {@link CheckOptions#sleepSets} too, a move that commutes with
 * every move since an ancestor took it is not taken again ({@link #expandReduced}); with
 * {@link CheckOptions#symmetry}, states are looked up by {@link Symmetry}'s canonical
 * fingerprint. Levels are expanded by {@code workers} threads and merged in state order, so the
 * result is the same for any number of them.
 */
public final class Checker {
    /** States a worker expands at a time: large enough to amortise handing them out. */
    private static final int CHUNK = 256;

    /** Called now and then with the search's figures, for progress output. */
    public interface Progress {
        void report(long states, long transitions, int depth, int frontier);
    }

    private final Kernel kernel;
    private final CheckOptions options;
    /** Stop at the first deadlock found: the search for a shorter counterexample. */
    private final boolean firstDeadlockOnly;
    private final long maxStates;
    private final int maxDepth;
    private final boolean localSteps;
    private final boolean symmetry;
    private final boolean sleepSets;
    private final int workers;
    /** Null for an unbounded search. */
    private final PreemptionBound bound;
    private final Progress progress;
    private final Locality locality;

    public Checker(Kernel kernel, CheckOptions options, Progress progress) {
        this(kernel, options, progress, false);
    }

    private Checker(Kernel kernel, CheckOptions options, Progress progress, boolean firstDeadlockOnly) {
        this.kernel = kernel;
        this.options = options;
        this.firstDeadlockOnly = firstDeadlockOnly;
        this.maxStates = options.maxStates();
        this.maxDepth = options.maxDepth();
        this.localSteps = options.localSteps();
        this.symmetry = options.symmetry();
        this.workers = options.workers();
        this.bound = options.preemptionBound() < 0 ? null : new PreemptionBound(options.preemptionBound());
        this.sleepSets = localSteps && options.sleepSets() && bound == null;
        this.progress = progress;
        this.locality = kernel.locality();
    }

    public CheckResult check() {
        KernelState init = kernel.initialState();
        init.lockdep().silence();
        Symmetry sym = symmetry ? kernel.symmetry(init) : Symmetry.NONE;
        StateIndex index = new StateIndex();
        index.add(key(sym, init, PreemptionBound.NONE, 0), -1, -1, 1.0);
        List<Move> moveTable = new ArrayList<>();
        Map<Move, Integer> moveIds = new HashMap<>();
        TreeSet<String> kinds = new TreeSet<>();
        long transitions = 0;
        double schedules = 0;
        int depthReached = 0;
        CutReason cutBy = null;
        boolean boundCut = false;
        int deadlockId = -1;
        Deadlock deadlock = null;
        // Level by level: the states first found at one depth, numbered in the order they were
        // found; after them (sleep sets only) states expanded before, reached again with fewer
        // moves asleep.
        List<Node> level = List.of(new Node(0, init, SleepSet.EMPTY, null, null));
        int depth = 0;
        ExecutorService pool = workers > 1 ? Executors.newFixedThreadPool(workers, Checker::workerThread) : null;
        try {
            search:
            while (!level.isEmpty()) {
                depthReached = depth;
                Expansion[] expanded = expandLevel(level, depth, index, sym, pool);
                int[] ids = new int[level.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = level.get(i).id();
                }
                level = null;   // the expansions hold what is still needed
                int found = 0;
                for (Expansion e : expanded) {
                    found += e == null ? 0 : e.successors().size();
                }
                List<Node> next = new ArrayList<>(found);
                List<Node> again = new ArrayList<>();
                int nextStart = index.size();
                for (int i = 0; i < expanded.length; i++) {
                    Expansion e = expanded[i];
                    if (e == null || (i & MemoryWatch.POLL_MASK) == 0 && MemoryWatch.low()) {
                        cutBy = CutReason.LOW_MEMORY;
                        break search;
                    }
                    if (progress != null && (i & MemoryWatch.POLL_MASK) == 0) {
                        progress.report(index.size(), transitions, depth, expanded.length - i + next.size());
                    }
                    int id = ids[i];
                    expanded[i] = null;
                    kinds.addAll(e.kinds());
                    if (e.leaf()) {
                        schedules += index.paths[id];
                        if (e.stuck() != null && deadlockId < 0) {
                            deadlockId = id;
                            deadlock = e.stuck();
                            if (firstDeadlockOnly) {
                                break search;
                            }
                        }
                        continue;
                    }
                    if (e.depthCut()) {
                        cutBy = CutReason.MAX_DEPTH;
                        continue;
                    }
                    boundCut |= e.boundCut();
                    transitions += e.transitions();
                    for (Expansion.Successor succ : e.successors()) {
                        int known = index.find(succ.fingerprint());
                        if (known >= nextStart) {
                            // Seen on this level already: asleep only what is asleep on both arrivals.
                            index.paths[known] += index.paths[id];
                            if (sleepSets) {
                                intersect(next, known - nextStart, index, known, succ.codes());
                            }
                            continue;
                        }
                        if (known >= 0) {
                            // Expanded already (the worker kept it for sleep sets): take what was asleep then, not now.
                            long[] was = index.sleep(known);
                            long[] only = SleepSet.filter(was, succ.codes(), false);
                            if (only.length > 0) {
                                index.setSleep(known, SleepSet.filter(was, succ.codes(), true));
                                again.add(new Node(known, succ.state(), succ.sleep(), succ.canonical(), only));
                            }
                            continue;
                        }
                        if (index.size() >= maxStates) {
                            cutBy = CutReason.MAX_STATES;
                            continue;
                        }
                        int moveId = moveIds.computeIfAbsent(succ.move(), k -> {
                            moveTable.add(k);
                            return moveTable.size() - 1;
                        });
                        int added = index.add(succ.fingerprint(), id, moveId, index.paths[id]);
                        index.last[added] = succ.last();
                        index.used[added] = succ.used();
                        if (sleepSets) {
                            index.setSleep(added, succ.codes());
                        }
                        next.add(new Node(added, succ.state(), succ.sleep(), succ.canonical(), null));
                    }
                }
                next.addAll(again);
                if (progress != null) {
                    progress.report(index.size(), transitions, depth, next.size());
                }
                level = next;
                depth++;
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        if (cutBy == null && boundCut) {
            cutBy = CutReason.PREEMPTION_BOUND;     // the weakest cut: reported only when no other bound cut
        }
        List<Move> counterexample = deadlockId < 0 ? List.of() : pathTo(deadlockId, index, moveTable);
        if (localSteps && !firstDeadlockOnly && counterexample.size() > 1) {
            // Taking a local step alone keeps every verdict, but may put it before an interrupt
            // arrival that deadlocks at once: the shortest schedule can be shorter. Look for one,
            // every interleaving, up to one step less (a search that stops at the first deadlock).
            CheckResult shorter = new Checker(kernel, options.withLocalSteps(false).withMaxDepth(counterexample.size() - 1),
                    null, true).check();
            if (shorter.deadlockPossible()) {
                counterexample = shorter.counterexample();
                deadlock = shorter.counterexampleDeadlock();
            }
        }
        return new CheckResult(schedules, index.size(), transitions, depthReached,
                deadlockId >= 0, List.copyOf(kinds), cutBy == null, counterexample, deadlock, cutBy,
                bound == null ? -1 : bound.limit());
    }

    /**
     * Expands every state of a level, in chunks spread over the workers. The visited set is only
     * read meanwhile (the merge that changes it waits for all of them), and every state belongs to
     * one chunk, so the workers share nothing they write.
     */
    private Expansion[] expandLevel(List<Node> level, int depth, StateIndex index, Symmetry sym, ExecutorService pool) {
        Expansion[] out = new Expansion[level.size()];
        if (pool == null || level.size() < 2 * CHUNK) {
            expandRange(level, depth, index, sym, out, 0, level.size());
            return out;
        }
        List<Future<?>> chunks = new ArrayList<>();
        for (int from = 0; from < level.size(); from += CHUNK) {
            int f = from;
            int to = Math.min(level.size(), from + CHUNK);
            chunks.add(pool.submit(() -> expandRange(level, depth, index, sym, out, f, to)));
        }
        try {
            for (Future<?> c : chunks) {
                c.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("check interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }

    private void expandRange(List<Node> level, int depth, StateIndex index, Symmetry sym,
                             Expansion[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            if ((i & 63) == 0 && MemoryWatch.low()) {
                return;     // left null: the merge stops the search for low memory
            }
            out[i] = expand(level.get(i), depth, index, sym);
        }
    }

    /** One state's expansion; it may change the state itself, which the search no longer needs. */
    private Expansion expand(Node node, int depth, StateIndex index, Symmetry sym) {
        KernelState s = node.state();
        int id = node.id();
        List<String> kinds = s.lockdep().reportKinds();
        List<Move> moves = s.deadlock() == null ? kernel.enabledMoves(s) : List.of();
        if (moves.isEmpty()) {
            return Expansion.leaf(kinds, kernel.stuck(s) ? s.deadlock() : null);
        }
        if (depth >= maxDepth) {
            return Expansion.depthCut(kinds);
        }
        Expansion.Builder out = new Expansion.Builder(kinds);
        if (localSteps && bound == null) {
            return expandReduced(node, moves, out, index, sym);
        }
        List<Move> enabled = moves;
        int last = index.last[id];
        if (localSteps) {
            moves = ample(s, moves);
            if (moves.size() == 1 && PreemptionBound.cost(moves.get(0), last, enabled) > 0) {
                moves = enabled;    // a bounded search spends no preemption on an invisible step
            }
        }
        for (int i = 0; i < moves.size(); i++) {
            Move m = moves.get(i);
            int used = index.used[id];
            if (bound != null) {
                used += PreemptionBound.cost(m, last, enabled);
                if (used > bound.limit()) {
                    out.boundCut();
                    continue;
                }
            }
            // s is not needed after its last move, so that move changes s itself instead of a copy.
            KernelState next = i == moves.size() - 1 ? s : s.copy();
            kernel.apply(next, m, null);
            int nextLast = bound == null ? PreemptionBound.NONE : PreemptionBound.lastAfter(m, last);
            record(out, sym, index, m, next, nextLast, used);
        }
        return out.build();
    }

    /** A transition to {@code next}: a successor, unless an earlier level has its state. */
    private void record(Expansion.Builder out, Symmetry sym, StateIndex index, Move m, KernelState next, int last, int used) {
        out.transition();
        long fp = key(sym, next, last, used);
        if (index.find(fp) < 0) {
            out.add(new Expansion.Successor(fp, m, next, last, used, SleepSet.EMPTY, null, null));
        }
    }

    /**
     * A state's expansion with the partial-order reduction and no preemption bound: the moves it
     * picks ({@link #ample}, {@link #persistentSet}), or, with sleep sets, for a state reached
     * again the moves it was expanded without; less the moves asleep, each successor's sleep set
     * being what {@link SleepSet#after} keeps.
     *
     * <p>Why every verdict stays: a move asleep here was taken from an ancestor, and commutes
     * with every move taken since (their footprints share no actor, {@link Locality#footprint}),
     * so taking it here would lead where that ancestor's branch already leads. A persistent set
     * with sleep sets reaches every end state (Godefroid 1996, chapter 6); the visited set
     * keeps each state's sleep set, and an arrival with fewer moves asleep takes the difference
     * (his state-caching rule), so skipping a revisit never loses a branch. Every verdict is a
     * property of end states (see {@link #persistentSet}).
     */
    private Expansion expandReduced(Node node, List<Move> enabled, Expansion.Builder out, StateIndex index, Symmetry sym) {
        KernelState s = node.state();
        SleepSet sleep = node.sleep();
        List<Applied> taken = new ArrayList<>();
        List<Move> toTake = new ArrayList<>();
        List<Move> moves = node.only() != null ? enabled : ample(s, enabled);
        // A lone move from a state with nothing asleep leaves nothing asleep: no footprint needed,
        // and lockdep's graph is not marked shared (which would make the move copy it).
        Lockdep.Shared before = sleepSets && (moves.size() > 1 || !sleep.isEmpty()) ? s.lockdep().shared() : null;
        if (node.only() != null) {
            for (Move m : enabled) {
                if (Arrays.binarySearch(node.only(), node.canonical().moveCode(m)) >= 0 && !sleep.contains(m)) {
                    toTake.add(m);
                }
            }
        } else {
            List<Applied> persistent = moves.size() > 1 ? persistentSet(s, moves, sleep) : null;
            if (persistent != null) {
                taken.addAll(persistent);
            } else {
                for (Move m : moves) {
                    if (!sleep.contains(m)) {
                        toTake.add(m);
                    }
                }
            }
        }
        for (int i = 0; i < toTake.size(); i++) {
            // s is not needed after its last move, so that move changes s itself instead of a copy.
            KernelState next = i == toTake.size() - 1 ? s : s.copy();
            kernel.apply(next, toTake.get(i), null);
            taken.add(new Applied(toTake.get(i), next));
        }
        Move[] took = new Move[taken.size()];
        long[] footprints = new long[took.length];
        for (int i = 0; i < took.length; i++) {
            took[i] = taken.get(i).move();
            footprints[i] = before == null ? Locality.DEPENDENT : locality.footprint(before, taken.get(i).state(), took[i]);
        }
        for (int i = 0; i < took.length; i++) {
            KernelState next = taken.get(i).state();
            if (!sleepSets) {
                record(out, sym, index, took[i], next, PreemptionBound.NONE, 0);
                continue;
            }
            out.transition();
            Symmetry.Canonical c = sym.canonical(next);
            SleepSet asleep = sleep.after(took, footprints, i).retain(c, null);
            long[] codes = asleep.codes(c);
            int known = index.find(c.fingerprint());
            if (known < 0 || !SleepSet.subset(index.sleep(known), codes)) {
                out.add(new Expansion.Successor(c.fingerprint(), took[i], next, PreemptionBound.NONE, 0, asleep, c, codes));
            }
        }
        return out.build();
    }

    /** A state of the next level reached again: asleep in it only what is asleep on both arrivals. */
    private static void intersect(List<Node> next, int at, StateIndex index, int id, long[] codes) {
        long[] was = index.sleep(id);
        long[] both = SleepSet.filter(was, codes, true);
        if (both.length < was.length) {
            index.setSleep(id, both);
            Node n = next.get(at);
            next.set(at, new Node(n.id(), n.state(), n.sleep().retain(n.canonical(), both), n.canonical(), null));
        }
    }

    /** What identifies a state in the visited set: its (canonical) fingerprint, with a bound's bookkeeping. */
    private long key(Symmetry sym, KernelState s, int last, int used) {
        return bound == null ? sym.fingerprint(s) : sym.fingerprint(s, last, used);
    }

    private static Thread workerThread(Runnable r) {
        Thread t = new Thread(r, "zswapsim-check");
        t.setDaemon(true);
        return t;
    }

    private static List<Move> pathTo(int id, StateIndex index, List<Move> moveTable) {
        List<Move> out = new ArrayList<>();
        for (int at = id; index.parent[at] >= 0; at = index.parent[at]) {
            out.add(moveTable.get(index.move[at]));
        }
        Collections.reverse(out);
        return out;
    }

    /** A move and the state it led to. */
    private record Applied(Move move, KernelState state) {
    }

    /**
     * A state to expand, its number, and with sleep sets its sleep set and canonical renaming
     * (null for the first state); {@code only}, for a state reached again with fewer moves asleep
     * than it was expanded with, names the moves still to take from it (else null).
     */
    private record Node(int id, KernelState state, SleepSet sleep, Symmetry.Canonical canonical, long[] only) {
    }

    /**
     * Every enabled move of the first CPU that is cut off from the others, if there is one whose
     * moves all stayed inside it, else every move, less those in {@code sleep}; null if no CPU
     * is cut off (explore every move). Applies the moves to copies of {@code s}.
     *
     * <p>Why this keeps every verdict: while the CPU is {@linkplain Locality#quiet quiet}, nothing
     * the other CPUs or RCU do reaches it, so its moves stay enabled and mean the same until it
     * moves (a grace period's start only lets it report a quiescent state, which no local move
     * ends); and each of them {@linkplain Locality#stayedLocal stayed local}, so it commutes with
     * every other move. Then any schedule from {@code s} either contains a move of this CPU, which
     * can be moved to the front without changing where the schedule ends, or none, and then this
     * CPU's move can be put in front of it and the end differs only in this CPU's own state, which
     * no deadlock or lockdep report depends on (the persistent-set argument, Godefroid 1996, for
     * terminal states). Deadlocks end runs, and lockdep's reports stay in the state, so every end
     * state, hence every verdict, is still reached. No cycle proviso is needed for that: it
     * guards properties of infinite runs, which no verdict here is.
     */
    private List<Applied> persistentSet(KernelState s, List<Move> moves, SleepSet sleep) {
        int cpus = kernel.cpus();
        Locality.Probe[] probes = new Locality.Probe[cpus];
        boolean any = false;
        boolean[] moving = new boolean[cpus];
        for (Move m : moves) {
            if (m.kind() != Move.Kind.GP_START) {
                moving[m.cpu()] = true;
            }
        }
        for (int c = 0; c < cpus; c++) {
            if (moving[c] && locality.quiet(s, c)) {
                probes[c] = locality.probe(s, c);
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        // Each quiet CPU's moves are tried first, so a CPU that qualifies spares applying the rest.
        Applied[] applied = new Applied[moves.size()];
        for (int c = 0; c < cpus; c++) {
            if (probes[c] == null) {
                continue;
            }
            List<Applied> own = new ArrayList<>();
            boolean local = true;
            for (int i = 0; i < moves.size() && local; i++) {
                Move m = moves.get(i);
                if (m.kind() != Move.Kind.GP_START && m.cpu() == c) {
                    if (applied[i] == null) {
                        applied[i] = apply(s, m);
                    }
                    own.add(applied[i]);
                    local = locality.stayedLocal(probes[c], applied[i].state(), m);
                }
            }
            if (local && !own.isEmpty() && own.size() < moves.size()) {
                own.removeIf(a -> sleep.contains(a.move()));
                return own;
            }
        }
        List<Applied> all = new ArrayList<>();
        for (int i = 0; i < moves.size(); i++) {
            if (!sleep.contains(moves.get(i))) {
                all.add(applied[i] != null ? applied[i] : apply(s, moves.get(i)));
            }
        }
        return all;
    }

    /** {@code m} applied to a copy of {@code s}, which the search still needs. */
    private Applied apply(KernelState s, Move m) {
        KernelState next = s.copy();
        kernel.apply(next, m, null);
        return new Applied(m, next);
    }

    /** A CPU's purely local step, if one is enabled, as the only move to explore; else all moves. */
    private List<Move> ample(KernelState s, List<Move> moves) {
        for (Move m : moves) {
            if (m.kind() == Move.Kind.STEP && kernel.isLocalStep(s, m.cpu())) {
                return List.of(m);
            }
        }
        return moves;
    }
}
