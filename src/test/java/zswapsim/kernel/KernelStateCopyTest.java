package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zswapsim.explore.ScenarioGenerator;
import zswapsim.scenario.ScenarioLoader;

/** KernelState.copy(): copies share what neither side changes in place, yet evolve independently. */
class KernelStateCopyTest {
    /**
     * On seeded walks, every enabled move applied to a copy reaches the state a replay from scratch
     * reaches, and the original moving on afterwards (as the checker's last move does) leaves the
     * copies as they were.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scenarios/zswap/percpu-ref.yaml", "scenarios/zswap/percpu-ref-offloaded.yaml",
            "scenarios/lockdep/04-circular-locking.yaml", "src/test/resources/deferred-work.yaml"})
    void copy_branchedOnEveryMove_matchesReplaysAndStaysIndependent(String file) {
        Kernel k = Kernel.of(ScenarioLoader.load(Path.of(file)));
        for (long seed = 1; seed <= 10; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<Move> path = new ArrayList<>();
            KernelState s = replay(k, path);
            for (List<Move> moves = enabled(k, s); !moves.isEmpty() && path.size() < 300; moves = enabled(k, s)) {
                List<KernelState> branches = new ArrayList<>();
                List<Long> prints = new ArrayList<>();
                for (Move m : moves) {
                    KernelState b = s.copy();
                    k.apply(b, m, null);
                    branches.add(b);
                    prints.add(b.fingerprint());
                    path.add(m);
                    assertThat(b.fingerprint()).isEqualTo(replay(k, path).fingerprint());
                    path.remove(path.size() - 1);
                }
                Move next = moves.get(random.nextInt(moves.size()));
                k.apply(s, next, null);
                path.add(next);
                for (int i = 0; i < branches.size(); i++) {
                    assertThat(branches.get(i).fingerprint()).isEqualTo(prints.get(i));
                }
            }
        }
    }

    /**
     * A state hashed after every move and moved on in place, with no copy in between (the
     * checker's last branch of a state does this): its fingerprints, plain and under symmetry,
     * are those of a replay from scratch hashed once, so nothing remembered while hashing
     * outlives a change.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scenarios/zswap/percpu-ref-offloaded.yaml", "generated:3", "generated:4"})
    void fingerprint_ofAStateMovedOnInPlace_matchesAFreshReplay(String file) {
        Kernel k = Kernel.of(file.startsWith("generated:")
                ? ScenarioLoader.parse("generated", ScenarioGenerator.zswap(Integer.parseInt(file.substring(10)), "percpu_ref_bh"))
                : ScenarioLoader.load(Path.of(file)));
        for (long seed = 1; seed <= 10; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<Move> path = new ArrayList<>();
            KernelState s = replay(k, path);
            Symmetry sym = k.symmetry(s);
            for (List<Move> moves = enabled(k, s); !moves.isEmpty() && path.size() < 300; moves = enabled(k, s)) {
                Move next = moves.get(random.nextInt(moves.size()));
                k.apply(s, next, null);
                path.add(next);
                long plain = s.fingerprint();
                long canonical = sym.fingerprint(s);
                KernelState fresh = replay(k, path);
                assertThat(plain).isEqualTo(fresh.fingerprint());
                assertThat(canonical).isEqualTo(sym.fingerprint(fresh));
            }
        }
    }

    private static List<Move> enabled(Kernel k, KernelState s) {
        return s.deadlock() == null ? k.enabledMoves(s) : List.of();
    }

    /** The state after {@code path}, built without any copy. */
    private static KernelState replay(Kernel k, List<Move> path) {
        KernelState s = k.initialState();
        s.lockdep().silence();
        for (Move m : path) {
            k.apply(s, m, null);
        }
        return s;
    }
}
