package zswapsim.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import zswapsim.kernel.Deadlock;
import zswapsim.kernel.Kernel;
import zswapsim.kernel.KernelState;
import zswapsim.kernel.Move;
import zswapsim.kernel.Symmetry;

/**
 * Explores every schedule of a scenario breadth-first, in-process, on the same model as
 * {@code run}. States are identified by their 64-bit fingerprint (hash compaction), so each
 * is expanded once; breadth-first order makes the first deadlock found a shortest one.
 * With reduction on, a CPU's step that touches nothing but that CPU's own registers (a note,
 * a kthread's loop) is taken alone, since every order of it and other moves gives the same states.
 */
public final class Checker {
    /** Called now and then with the search's figures, for progress output. */
    public interface Progress {
        void report(long states, long transitions, int depth, int frontier);
    }

    private final Kernel kernel;
    private final long maxStates;
    private final int maxDepth;
    private final boolean localSteps;
    private final boolean symmetry;
    /** Null for an unbounded search. */
    private final PreemptionBound bound;
    private final Progress progress;

    public Checker(Kernel kernel, CheckOptions options, Progress progress) {
        this.kernel = kernel;
        this.maxStates = options.maxStates();
        this.maxDepth = options.maxDepth();
        this.localSteps = options.localSteps();
        this.symmetry = options.symmetry();
        this.bound = options.preemptionBound() < 0 ? null : new PreemptionBound(options.preemptionBound());
        this.progress = progress;
    }

    public CheckResult check() {
        KernelState init = kernel.initialState();
        init.lockdep().silence();
        Symmetry sym = symmetry ? kernel.symmetry(init) : Symmetry.NONE;
        StateIndex index = new StateIndex();
        List<Move> moveTable = new ArrayList<>();
        Map<Move, Integer> moveIds = new HashMap<>();
        index.add(bound == null ? sym.fingerprint(init) : sym.fingerprint(init, PreemptionBound.NONE, 0), -1, -1, 0, 1.0);
        // States get their numbers in the order they join the frontier, so the one polled is number nextId.
        ArrayDeque<KernelState> frontier = new ArrayDeque<>();
        frontier.add(init);
        int nextId = 0;
        TreeSet<String> kinds = new TreeSet<>();
        long transitions = 0;
        double schedules = 0;
        int depthReached = 0;
        CutReason cutBy = null;
        boolean boundCut = false;
        int deadlockId = -1;
        Deadlock deadlock = null;
        while (!frontier.isEmpty()) {
            if ((nextId & MemoryWatch.POLL_MASK) == 0 && MemoryWatch.low()) {
                cutBy = CutReason.LOW_MEMORY;
                break;
            }
            KernelState s = frontier.poll();
            int id = nextId++;
            int depth = index.depth[id];
            depthReached = Math.max(depthReached, depth);
            kinds.addAll(s.lockdep().reportKinds());
            List<Move> moves = s.deadlock() == null ? kernel.enabledMoves(s) : List.of();
            if (moves.isEmpty()) {
                schedules += index.paths[id];
                if (kernel.stuck(s) && deadlockId < 0) {
                    deadlockId = id;
                    deadlock = s.deadlock();
                }
                continue;
            }
            if (depth >= maxDepth) {
                cutBy = CutReason.MAX_DEPTH;
                continue;
            }
            List<Move> enabled = moves;
            int last = index.last[id];
            if (localSteps) {
                moves = ample(s, moves);
                if (bound != null && moves.size() == 1 && PreemptionBound.cost(moves.get(0), last, enabled) > 0) {
                    moves = enabled;    // a bounded search spends no preemption on an invisible step
                }
            }
            for (int i = 0; i < moves.size(); i++) {
                Move m = moves.get(i);
                int used = index.used[id];
                if (bound != null) {
                    used += PreemptionBound.cost(m, last, enabled);
                    if (used > bound.limit()) {
                        boundCut = true;
                        continue;
                    }
                }
                // s is not needed after its last move, so that move changes s itself instead of a copy.
                KernelState next = i == moves.size() - 1 ? s : s.copy();
                kernel.apply(next, m, null);
                transitions++;
                int nextLast = bound == null ? PreemptionBound.NONE : PreemptionBound.lastAfter(m, last);
                long nfp = bound == null ? sym.fingerprint(next) : sym.fingerprint(next, nextLast, used);
                int known = index.find(nfp);
                if (known < 0) {
                    if (index.size() >= maxStates) {
                        cutBy = CutReason.MAX_STATES;
                        continue;
                    }
                    int moveId = moveIds.computeIfAbsent(m, k -> {
                        moveTable.add(k);
                        return moveTable.size() - 1;
                    });
                    int added = index.add(nfp, id, moveId, depth + 1, index.paths[id]);
                    index.last[added] = nextLast;
                    index.used[added] = used;
                    frontier.add(next);
                } else if (index.depth[known] == depth + 1) {
                    index.paths[known] += index.paths[id];
                }
            }
            if (progress != null && (transitions & 0x3FFF) == 0) {
                progress.report(index.size(), transitions, depth, frontier.size());
            }
        }
        if (cutBy == null && boundCut) {
            cutBy = CutReason.PREEMPTION_BOUND;     // the weakest cut: reported only when no other bound cut
        }
        List<Move> counterexample = deadlockId < 0 ? List.of() : pathTo(deadlockId, index, moveTable);
        return new CheckResult(schedules, index.size(), transitions, depthReached,
                deadlockId >= 0, List.copyOf(kinds), cutBy == null, counterexample, deadlock, cutBy,
                bound == null ? -1 : bound.limit());
    }

    private static List<Move> pathTo(int id, StateIndex index, List<Move> moveTable) {
        List<Move> out = new ArrayList<>();
        for (int at = id; index.parent[at] >= 0; at = index.parent[at]) {
            out.add(moveTable.get(index.move[at]));
        }
        Collections.reverse(out);
        return out;
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
