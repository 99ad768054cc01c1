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

    private record Parent(long fingerprint, Move move, int depth) {
    }

    private final Kernel kernel;
    private final long maxStates;
    private final int maxDepth;
    private final boolean reduction;
    private final Progress progress;

    public Checker(Kernel kernel, long maxStates, int maxDepth, boolean reduction, Progress progress) {
        this.kernel = kernel;
        this.maxStates = maxStates;
        this.maxDepth = maxDepth;
        this.reduction = reduction;
        this.progress = progress;
    }

    public CheckResult check() {
        KernelState init = kernel.initialState();
        long initFp = init.fingerprint();
        Map<Long, Parent> parents = new HashMap<>();
        Map<Long, Double> paths = new HashMap<>();
        parents.put(initFp, new Parent(0, null, 0));
        paths.put(initFp, 1.0);
        ArrayDeque<KernelState> frontier = new ArrayDeque<>();
        ArrayDeque<Long> frontierFp = new ArrayDeque<>();
        frontier.add(init);
        frontierFp.add(initFp);
        TreeSet<String> kinds = new TreeSet<>();
        long transitions = 0;
        double schedules = 0;
        int depthReached = 0;
        String cutBy = null;
        Long deadlockFp = null;
        Deadlock deadlock = null;
        while (!frontier.isEmpty()) {
            KernelState s = frontier.poll();
            long fp = frontierFp.poll();
            int depth = parents.get(fp).depth();
            depthReached = Math.max(depthReached, depth);
            kinds.addAll(s.lockdep().reportKinds());
            List<Move> moves = s.deadlock() == null ? kernel.enabledMoves(s) : List.of();
            if (moves.isEmpty()) {
                schedules += paths.get(fp);
                if (kernel.stuck(s) && deadlockFp == null) {
                    deadlockFp = fp;
                    deadlock = s.deadlock();
                }
                continue;
            }
            if (depth >= maxDepth) {
                cutBy = "--max-depth";
                continue;
            }
            if (reduction) {
                moves = ample(s, moves);
            }
            for (Move m : moves) {
                KernelState next = s.copy();
                kernel.apply(next, m, null);
                transitions++;
                long nfp = next.fingerprint();
                Parent known = parents.get(nfp);
                if (known == null) {
                    if (parents.size() >= maxStates) {
                        cutBy = "--max-states";
                        continue;
                    }
                    parents.put(nfp, new Parent(fp, m, depth + 1));
                    paths.put(nfp, paths.get(fp));
                    frontier.add(next);
                    frontierFp.add(nfp);
                } else if (known.depth() == depth + 1) {
                    paths.merge(nfp, paths.get(fp), Double::sum);
                }
            }
            if (progress != null && (transitions & 0x3FFF) == 0) {
                progress.report(parents.size(), transitions, depth, frontier.size());
            }
        }
        List<Move> counterexample = deadlockFp == null ? List.of() : pathTo(deadlockFp, parents);
        return new CheckResult(schedules, parents.size(), transitions, depthReached,
                deadlockFp != null, List.copyOf(kinds), cutBy == null, counterexample, deadlock, cutBy);
    }

    private static List<Move> pathTo(long fp, Map<Long, Parent> parents) {
        List<Move> out = new ArrayList<>();
        Parent p = parents.get(fp);
        while (p.move() != null) {
            out.add(p.move());
            p = parents.get(p.fingerprint());
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
