package zswapsim.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import zswapsim.cli.Main;
import zswapsim.report.MiniJson;

/**
 * The per-run corpus (src/test/resources/run-incidents): small scenarios, each replayed on one fixed
 * schedule ({@code NN-name.schedule}) with {@code run --json --schedule}, against the facts the
 * kernel shows for that interleaving ({@code expectations.tsv}, one row per case with its kernel
 * reason; README.md explains each). Checked: the outcome, the deadlock's kind, CPUs and locks, the
 * lockdep reports (kind, lock, usage) in the order printed, the usage string of every lock class the
 * row names, and that the schedule replays whole (the run does not continue on a seed). A row marked
 * {@code disagree} is the kernel's expectation where the model differs; it is skipped with the
 * diagnosis from README.md's "Disagreements".
 */
class RunIncidentsTest {
    private static final Path ROOT = Path.of("src/test/resources/run-incidents");

    /** The known disagreements: case to diagnosis (README.md, "Disagreements"). */
    private static final Map<String, String> DISAGREEMENTS = Map.of();

    /** One row of expectations.tsv. */
    record Expectation(String id, boolean agrees, String outcome, String deadlock, List<String> lockdep,
            Map<String, String> classes, String reason) {

        static Expectation parse(String line) {
            String[] f = line.split("\t", -1);
            if (f.length != 7) {
                throw new IllegalArgumentException("expectations.tsv: 7 columns expected: " + line);
            }
            List<String> reports = new ArrayList<>();
            if (!f[4].equals("-")) {
                for (String r : f[4].split(" ; ")) {
                    reports.add(r.trim());
                }
            }
            Map<String, String> classes = new LinkedHashMap<>();
            if (!f[5].equals("-")) {
                for (String c : f[5].trim().split(" ")) {
                    int eq = c.lastIndexOf('=');
                    classes.put(c.substring(0, eq), c.substring(eq + 1));
                }
            }
            if (!f[1].equals("agree") && !f[1].equals("disagree")) {
                throw new IllegalArgumentException("expectations.tsv: status agree|disagree: " + line);
            }
            return new Expectation(f[0], f[1].equals("agree"), f[2], f[3], reports, classes, f[6]);
        }
    }

    static List<Expectation> expectations() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("expectations.tsv"), StandardCharsets.UTF_8);
        return lines.stream().skip(1).filter(l -> !l.isBlank()).map(Expectation::parse).toList();
    }

    @TestFactory
    Stream<DynamicTest> runIncident_onItsSchedule_showsWhatTheKernelShows() throws IOException {
        List<Expectation> rows = expectations();
        assertThat(rows).as("cases").hasSizeBetween(20, 25);
        return rows.stream().map(e -> DynamicTest.dynamicTest(e.id(), ROOT.resolve(e.id() + ".yaml").toUri(), () -> {
            if (!e.agrees()) {
                Assumptions.abort("known disagreement with the kernel: " + DISAGREEMENTS.get(e.id()));
            }
            check(e, run(e.id()));
        }));
    }

    /** Every case has its scenario and schedule file, every file a row, every disagreement a diagnosis. */
    @Test
    void corpus_isComplete() throws IOException {
        List<Expectation> rows = expectations();
        List<String> ids = rows.stream().map(Expectation::id).toList();
        try (Stream<Path> files = Files.list(ROOT)) {
            List<String> yamls = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
            assertThat(yamls).isEqualTo(ids.stream().sorted().toList());
        }
        for (Expectation e : rows) {
            assertThat(ROOT.resolve(e.id() + ".schedule")).as(e.id()).isRegularFile();
            assertThat(e.reason()).as(e.id() + " reason").isNotBlank();
            assertThat(DISAGREEMENTS.containsKey(e.id())).as(e.id() + " diagnosis").isEqualTo(!e.agrees());
        }
    }

    /** The comparison can fail: a wrong usage string, outcome or report order is caught. */
    @Test
    void wrongExpectation_fails() throws IOException {
        Expectation good = expectations().stream().filter(e -> e.id().equals("06-self-softirq")).findFirst().orElseThrow();
        Map<String, Object> json = run(good.id());
        check(good, json);
        Map<String, String> wrongUsage = new LinkedHashMap<>(good.classes());
        wrongUsage.put("A", "{+.-.}");
        assertThatThrownBy(() -> check(new Expectation(good.id(), true, good.outcome(), good.deadlock(), good.lockdep(),
                wrongUsage, good.reason()), json)).isInstanceOf(AssertionError.class).hasMessageContaining("{+.-.}");
        assertThatThrownBy(() -> check(new Expectation(good.id(), true, "completed", "-", good.lockdep(), good.classes(),
                good.reason()), json)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> check(new Expectation(good.id(), true, good.outcome(), good.deadlock(),
                List.of("inconsistent-lock-state A {IN-SOFTIRQ-W} -> {SOFTIRQ-ON-W}"), good.classes(), good.reason()), json))
                .isInstanceOf(AssertionError.class);
    }

    private static Map<String, Object> run(String id) throws IOException {
        Path yaml = ROOT.resolve(id + ".yaml");
        Path schedule = ROOT.resolve(id + ".schedule");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new String[] {"run", yaml.toString(), "--json", "--schedule", schedule.toString()},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(status).as("%s: exit status (stderr: %s)", id, err).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = MiniJson.object(MiniJson.parse(out.toString().trim()));
        String tokens = Files.readString(schedule, StandardCharsets.UTF_8).trim().replaceAll("\\s+", " ");
        assertThat(json.get("schedule")).as("%s: the fixed schedule replays whole", id).isEqualTo(tokens);
        return json;
    }

    @SuppressWarnings("unchecked")
    private static void check(Expectation e, Map<String, Object> json) {
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(json.get("outcome")).as("%s: outcome", e.id()).isEqualTo(e.outcome());
        Map<String, Object> d = (Map<String, Object>) json.get("deadlock");
        String deadlock = d == null ? "-" : d.get("kind") + " " + brackets((List<Object>) d.get("cpus"))
                + " " + brackets((List<Object>) d.get("locks"));
        softly.assertThat(deadlock).as("%s: deadlock kind, cpus, locks", e.id()).isEqualTo(e.deadlock());
        List<String> reports = new ArrayList<>();
        for (Object o : (List<Object>) json.get("lockdep")) {
            Map<String, Object> r = (Map<String, Object>) o;
            String s = r.get("kind") + " " + (r.get("lock") == null ? "-" : r.get("lock"));
            reports.add(r.get("usage") == null ? s : s + " " + r.get("usage"));
        }
        softly.assertThat(reports).as("%s: lockdep reports (kind lock usage), in order", e.id()).isEqualTo(e.lockdep());
        Map<String, String> usage = new LinkedHashMap<>();
        for (Object o : (List<Object>) json.get("lock_classes")) {
            Map<String, Object> c = (Map<String, Object>) o;
            usage.put((String) c.get("name"), (String) c.get("usage"));
        }
        e.classes().forEach((name, want) ->
                softly.assertThat(usage.get(name)).as("%s: usage of class %s", e.id(), name).isEqualTo(want));
        softly.assertAll();
    }

    private static String brackets(List<Object> items) {
        return "[" + String.join(", ", items.stream().map(x -> x instanceof Double n && n == Math.floor(n)
                ? String.valueOf(n.longValue()) : String.valueOf(x)).toList()) + "]";
    }
}
