package zswapsim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import zswapsim.sim.RunResult;
import zswapsim.report.PerfettoWriter.Slice;
import zswapsim.report.Timeline.Span;
import zswapsim.scenario.ScenarioLoader;

/** The Perfetto export: Chrome Trace Event Format that trace viewers load without complaint. */
class PerfettoWriterTest {
    private static final Set<String> PHASES = Set.of("M", "B", "E", "i", "s", "f");

    /** Every event has a phase we mean to write, and every CPU and the RCU track are named. */
    @Test
    void toJson_deadlockingRun_knownPhasesAndNamedThreads() {
        List<Map<String, Object>> events = events(Runs.traced(Runs.PERCPU_REF, 4));
        assertThat(events).allSatisfy(e -> assertThat(PHASES).contains((String) e.get("ph")));
        assertThat(events).filteredOn(e -> "thread_name".equals(e.get("name")))
                .extracting(e -> MiniJson.object(e.get("args")).get("name")).containsExactly("CPU0", "CPU1", "rcu");
    }

    /** On every thread of every bundled scenario (seeds 1..8) each E closes the innermost open B, and none stays open. */
    @Test
    void toJson_bundledScenariosAndScaleWorkload_beginEndBalancedPerThread() throws IOException {
        for (RunResult r : sampleRuns()) {
            Map<Object, Deque<String>> open = new HashMap<>();
            for (Map<String, Object> e : events(r)) {
                Deque<String> stack = open.computeIfAbsent(e.get("tid"), t -> new ArrayDeque<>());
                if (e.get("ph").equals("B")) {
                    stack.push((String) e.get("name"));
                } else if (e.get("ph").equals("E")) {
                    assertThat(stack).as("E without B in %s seed %d", r.file(), r.seed()).isNotEmpty();
                    assertThat(stack.pop()).as("E closes the innermost B in %s seed %d", r.file(), r.seed()).isEqualTo(e.get("name"));
                }
            }
            assertThat(open.values()).as("%s seed %d", r.file(), r.seed()).allSatisfy(s -> assertThat(s).isEmpty());
        }
    }

    /** Timestamps never go backwards on a thread. */
    @Test
    void toJson_bundledScenariosAndScaleWorkload_timestampsMonotonicPerThread() throws IOException {
        for (RunResult r : sampleRuns()) {
            Map<Object, Double> last = new HashMap<>();
            for (Map<String, Object> e : events(r)) {
                if (e.get("ts") == null) {
                    continue;
                }
                double ts = (Double) e.get("ts");
                assertThat(ts).as("%s seed %d tid %s", r.file(), r.seed(), e.get("tid"))
                        .isGreaterThanOrEqualTo(last.getOrDefault(e.get("tid"), 0.0));
                last.put(e.get("tid"), ts);
            }
        }
    }

    /** Each call_rcu flow start has exactly one finish with its id, at or after it; the seed-4 run has one. */
    @Test
    void toJson_deadlockingRun_flowIdsPaired() throws IOException {
        assertThat(flowPairs(Runs.traced(Runs.PERCPU_REF, 4))).isEqualTo(1);
        for (RunResult r : sampleRuns()) {
            flowPairs(r);
        }
    }

    /** The self deadlock and lockdep's report are instants on CPU0's thread at step 53. */
    @Test
    void toJson_deadlockingRun_instantsForDeadlockAndLockdep() {
        List<Map<String, Object>> instants = events(Runs.traced(Runs.PERCPU_REF, 4)).stream()
                .filter(e -> e.get("ph").equals("i")).toList();
        assertThat(instants).extracting(e -> (String) e.get("cat")).contains("deadlock", "lockdep");
        assertThat(instants).allSatisfy(e -> {
            assertThat(e.get("tid")).isEqualTo(1.0);
            assertThat(e.get("ts")).isEqualTo(53.0);
        });
    }

    /** Spans that overlap without nesting (A taken, B taken, A released) still give nested B/E pairs. */
    @Test
    void nest_crossingSpans_reopensTheInnerSlice() {
        Slice a = new Slice(new Span(0, 0, "A", 1, 5), "lock", 100);
        Slice b = new Slice(new Span(0, 1, "B", 3, 8), "lock", 101);
        List<String> out = SliceNester.nest(List.of(a, b), 1).stream().map(e -> e.phase() + e.name() + "@" + e.ts()).toList();
        assertThat(out).containsExactly("BA@1", "BB@3", "EB@5", "EA@5", "BB@5", "EB@8");
    }

    private static int flowPairs(RunResult r) {
        Map<Object, Double> starts = new HashMap<>();
        Map<Object, Double> finishes = new HashMap<>();
        for (Map<String, Object> e : events(r)) {
            if (e.get("ph").equals("s")) {
                assertThat(starts.put(e.get("id"), (Double) e.get("ts"))).as("one start per id").isNull();
            } else if (e.get("ph").equals("f")) {
                assertThat(finishes.put(e.get("id"), (Double) e.get("ts"))).as("one finish per id").isNull();
                assertThat(e.get("bp")).isEqualTo("e");
            }
        }
        assertThat(finishes.keySet()).isEqualTo(starts.keySet());
        starts.forEach((id, ts) -> assertThat(finishes.get(id)).isGreaterThanOrEqualTo(ts));
        return starts.size();
    }

    private static List<Map<String, Object>> events(RunResult r) {
        Map<String, Object> root = MiniJson.object(MiniJson.parse(PerfettoWriter.toJson(r)));
        return MiniJson.array(root.get("traceEvents")).stream().map(MiniJson::object).toList();
    }

    private static List<RunResult> sampleRuns() throws IOException {
        List<RunResult> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("scenarios/zswap"))) {
            for (Path f : files.sorted().toList()) {
                for (long seed = 1; seed <= 8; seed++) {
                    runs.add(Runs.traced(f.toString(), seed));
                }
            }
        }
        runs.add(Runs.traced(ScenarioLoader.parse("scale.yaml", ScaleScenario.yaml(8, 12)), 3, 5_000));
        return runs;
    }
}
