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
    private static final Set<String> PHASES = Set.of("M", "B", "E", "X", "i", "C", "s", "f");

    /** Every event has a phase we mean to write; CPUs, RCU, each task, each lock and each actor get a named thread. */
    @Test
    void toJson_deadlockingRun_knownPhasesAndNamedThreads() {
        List<Map<String, Object>> events = events(Runs.traced(Runs.PERCPU_REF, Runs.PERCPU_REF_DEADLOCK_SEED));
        assertThat(events).allSatisfy(e -> assertThat(PHASES).contains((String) e.get("ph")));
        assertThat(threadNames(events).values()).startsWith("CPU0", "CPU1", "rcu")
                .contains("CPU0 task sysfs-writer", "CPU0 task kworker/0:1", "CPU1 task kswapd0", "lock zswap_pools_lock",
                        "actor cpu0", "actor rcu", "actor lock:zswap_pools_lock");
    }

    /**
     * At the deadlock the lock's own thread shows sysfs-writer holding it, CPU0's thread shows the
     * softirq spinning on it (and no lock slice, so the softirq nests in nothing but the task), and
     * the preempt counter reads 2.
     */
    @Test
    void toJson_deadlockingRun_locksOnTheirOwnThreadSpinsAndCounters() {
        List<Map<String, Object>> events = events(Runs.traced(Runs.PERCPU_REF, Runs.PERCPU_REF_DEADLOCK_SEED));
        Map<Object, String> names = threadNames(events);
        assertThat(openAt(events, tidOf(names, "lock zswap_pools_lock"), 53)).containsExactly("held by CPU0 task sysfs-writer");
        assertThat(openAt(events, 1.0, 53)).containsExactly("task sysfs-writer", "softirq RCU_SOFTIRQ",
                "spinning on spin_lock zswap_pools_lock");
        assertThat(events).filteredOn(e -> e.get("ph").equals("C") && e.get("ts").equals(53.0))
                .extracting(e -> MiniJson.object(e.get("args")).get("preempt")).containsExactly(2.0);
        assertThat(events).filteredOn(e -> e.get("ph").equals("i") && e.get("ts").equals(9.0) && e.get("tid").equals(1.0))
                .extracting(e -> MiniJson.object(e.get("args")).get("where"))
                .containsExactly("scenarios/zswap/percpu-ref.yaml:21:9");
    }

    /** Lesson 10: the sleeping ethtool's own thread says what it sleeps on while it holds link_lock. */
    @Test
    void toJson_sleepInAtomic_taskThreadsShowSleepAndHold() {
        List<Map<String, Object>> events = events(Runs.traced("scenarios/lockdep/10-sleep-in-atomic.yaml", 7));
        Map<Object, String> names = threadNames(events);
        assertThat(openAt(events, tidOf(names, "CPU0 task ethtool"), 21)).containsExactly("sleeping on mutex mdio_lock");
        assertThat(openAt(events, tidOf(names, "CPU0 task ip"), 21)).containsExactly("spinning on spin_lock link_lock");
        assertThat(openAt(events, tidOf(names, "lock link_lock"), 21)).containsExactly("held by CPU0 task ethtool");
        assertThat(openAt(events, tidOf(names, "lock mdio_lock"), 21)).containsExactly("held by CPU0 task kworker/0:2");
    }

    /** Every flow's start and finish lie inside a slice of their thread, and every grace period has a length. */
    @Test
    void toJson_bundledScenariosAndScaleWorkload_flowsInsideSlicesAndGracePeriodsVisible() throws IOException {
        for (RunResult r : sampleRuns()) {
            List<Map<String, Object>> events = events(r);
            for (Map<String, Object> e : events) {
                if (e.get("ph").equals("s") || e.get("ph").equals("f")) {
                    assertThat(insideSlice(events, e)).as("%s seed %d: flow %s %s at %s", r.file(), r.seed(), e.get("ph"),
                            e.get("name"), e.get("ts")).isTrue();
                }
            }
            Map<Object, Double> begins = new HashMap<>();
            for (Map<String, Object> e : events) {
                if ("rcu".equals(e.get("cat")) && e.get("ph").equals("B")) {
                    begins.put(e.get("name"), (Double) e.get("ts"));
                } else if ("rcu".equals(e.get("cat")) && e.get("ph").equals("E")) {
                    assertThat((Double) e.get("ts")).as("%s seed %d %s", r.file(), r.seed(), e.get("name"))
                            .isGreaterThan(begins.get(e.get("name")));
                }
            }
        }
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

    /**
     * Each flow start has exactly one finish with its id, at or after it; every message has one, and
     * every invoked callback has a call_rcu flow, even when call_rcu was its task's last op.
     */
    @Test
    void toJson_bundledScenariosAndScaleWorkload_flowIdsPaired() throws IOException {
        RunResult deadlocked = Runs.traced(Runs.PERCPU_REF, Runs.PERCPU_REF_DEADLOCK_SEED);
        assertThat(flowPairs(deadlocked)).isEqualTo(Timeline.of(deadlocked).messages().size() + 1);
        for (RunResult r : sampleRuns()) {
            Timeline t = Timeline.of(r);
            long invoked = t.callbacks().stream().filter(c -> c.invokedStep() >= 0).count();
            assertThat(flowPairs(r)).as("%s seed %d", r.file(), r.seed()).isEqualTo(t.messages().size() + (int) invoked);
        }
    }

    /** The self deadlock and lockdep's report are instants on CPU0's thread at step 53. */
    @Test
    void toJson_deadlockingRun_instantsForDeadlockAndLockdep() {
        List<Map<String, Object>> instants = events(Runs.traced(Runs.PERCPU_REF, Runs.PERCPU_REF_DEADLOCK_SEED)).stream()
                .filter(e -> e.get("ph").equals("i") && Set.of("deadlock", "lockdep").contains(e.get("cat"))).toList();
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
        assertThat(out).containsExactly("BA@1.0", "BB@3.0", "EB@5.0", "EA@5.0", "BB@5.0", "EB@8.0");
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

    private static Map<Object, String> threadNames(List<Map<String, Object>> events) {
        Map<Object, String> names = new java.util.LinkedHashMap<>();
        events.stream().filter(e -> "thread_name".equals(e.get("name")))
                .forEach(e -> names.put(e.get("tid"), (String) MiniJson.object(e.get("args")).get("name")));
        return names;
    }

    private static Object tidOf(Map<Object, String> names, String name) {
        return names.entrySet().stream().filter(n -> n.getValue().equals(name)).findFirst().orElseThrow().getKey();
    }

    /** The B/E slices open on a thread during step {@code step}, outermost first. */
    private static List<String> openAt(List<Map<String, Object>> events, Object tid, double step) {
        Deque<String> stack = new ArrayDeque<>();
        for (Map<String, Object> e : events) {
            if (!tid.equals(e.get("tid")) || (Double) e.getOrDefault("ts", 0.0) > step) {
                continue;
            }
            if (e.get("ph").equals("B")) {
                stack.addLast((String) e.get("name"));
            } else if (e.get("ph").equals("E")) {
                stack.removeLast();
            }
        }
        return List.copyOf(stack);
    }

    /** Whether a B/E or X slice on the event's thread covers its timestamp. */
    private static boolean insideSlice(List<Map<String, Object>> events, Map<String, Object> at) {
        double ts = (Double) at.get("ts");
        int open = 0;
        for (Map<String, Object> e : events) {
            if (!at.get("tid").equals(e.get("tid")) || e.get("ts") == null) {
                continue;
            }
            double t = (Double) e.get("ts");
            if (e.get("ph").equals("X") && t <= ts && ts < t + (Double) e.get("dur")) {
                return true;
            }
            if (t <= ts && e.get("ph").equals("B")) {
                open++;
            } else if (t <= ts && e.get("ph").equals("E")) {
                open--;
            }
        }
        return open > 0;
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
