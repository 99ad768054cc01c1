package zswapsim.report;

import zswapsim.kernel.Deadlock;
import zswapsim.sim.Outcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zswapsim.cli.Main;
import zswapsim.explore.ExploreStats;
import zswapsim.explore.RunSummary;

/** {@code explore --report}: the statistics page, its agreement with --json, its safety and its plots. */
class ExploreReportTest {
    private static final String FIX = "scenarios/zswap/percpu-ref-bh-fix.yaml";
    private static final String OPEN_DATA = "<script type=\"application/json\" id=\"zs-data\">";
    private static final String HOSTILE = "<script>alert(1)</script>";

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The compare page names both scenarios, has a plot, carries --json's deadlock rates, only its own two scripts and no network reference. */
    @Test
    void explore_compareWithReport_pageAgreesWithJson() throws IOException {
        Path html = dir.resolve("explore.html");
        assertThat(cli("explore", Runs.PERCPU_REF, "--compare", FIX, "--runs", "300", "--report", html.toString()))
                .as(err.toString()).isEqualTo(0);
        String page = Files.readString(html);
        StringWriter json = new StringWriter();
        assertThat(Main.execute(new String[] {"explore", Runs.PERCPU_REF, "--compare", FIX, "--runs", "300", "--json"},
                new PrintWriter(json), new PrintWriter(err))).isEqualTo(0);

        assertThat(page).startsWith("<!DOCTYPE html>").contains("default-src 'none'").contains("<svg");
        List<String> lines = json.toString().lines().toList();
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            assertThat(page).contains("\"scenario\":" + rawField(line, "scenario"))
                    .contains("\"deadlock_rate\":" + rawField(line, "deadlock_rate"))
                    .contains("\"deadlock_ci95\":" + rawField(line, "deadlock_ci95"));
        }
        assertThat(lines.get(0)).contains("\"deadlock_rate\":0.00666");
        assertThat(count(page, "<script")).isEqualTo(2);
        assertThat(count(page, "</script")).isEqualTo(2);
        assertThat(page).contains(OPEN_DATA + "{\"bins\":");
        String code = page.substring(0, page.indexOf(OPEN_DATA)) + page.substring(page.indexOf("</script>"))
                .replace("http://www.w3.org/2000/svg", "");
        assertThat(code).doesNotContain("http:").doesNotContain("https:").doesNotContain("src=").doesNotContain("href=")
                .doesNotContain("fetch(").doesNotContain("innerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("@import");
    }

    /** --report leaves explore's text output as it was without it. */
    @Test
    void explore_withReport_textOutputUnchanged() {
        assertThat(cli("explore", Runs.PERCPU_REF, "--runs", "50")).isEqualTo(0);
        String without = out.toString();
        out.getBuffer().setLength(0);
        assertThat(cli("explore", Runs.PERCPU_REF, "--runs", "50", "--report", dir.resolve("r.html").toString())).isEqualTo(0);
        assertThat(out.toString()).isEqualTo(without).contains("deadlock rate (95% CI)");
    }

    /** --report naming the scenario is refused with exit 2, before any run, and the scenario survives. */
    @Test
    void explore_reportEqualsInput_exit2AndInputKept() throws IOException {
        Path scenario = copy(Runs.PERCPU_REF, "percpu-ref.yaml");
        String original = Files.readString(scenario);
        assertThat(cli("explore", scenario.toString(), "--runs", "10", "--report", scenario.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("refusing to write an output over an input file");
        assertThat(Files.readString(scenario)).isEqualTo(original);
    }

    /** --report naming the --compare scenario (by another spelling of its path) is refused with exit 2. */
    @Test
    void explore_reportEqualsCompareInput_exit2AndInputKept() throws IOException {
        Path other = copy(FIX, "fix.yaml");
        String original = Files.readString(other);
        String sameFile = dir.resolve(".").resolve("fix.yaml").toString();
        assertThat(cli("explore", Runs.PERCPU_REF, "--compare", other.toString(), "--runs", "10", "--report", sameFile))
                .isEqualTo(2);
        assertThat(Files.readString(other)).isEqualTo(original);
    }

    /** A scenario whose name, about: and file name carry markup reaches the page only as escaped JSON. */
    @Test
    void explore_hostileScenario_appearsOnlyEscaped() throws IOException {
        Path evil = hostileScenario();
        Path html = dir.resolve("evil.html");
        assertThat(cli("explore", evil.toString(), "--runs", "150", "--report", html.toString())).as(err.toString()).isEqualTo(0);
        String page = Files.readString(html);
        assertThat(page).doesNotContain(HOSTILE).doesNotContain("alert(2)</").doesNotContain("<b>");
        assertThat(count(page, "<script")).isEqualTo(2);
        assertThat(count(page, "</script")).isEqualTo(2);
        assertThat(page).contains("\"scenario\":\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e evil\"")
                .contains("[\"t\",\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e and \"]")
                .contains("[\"code\",\"\\u003c/script\\u003e\\u003cscript\\u003ealert(2)\\u003c/script\\u003e\"]");
        String replay = "./zswapsim run " + ExploreReport.shellWord(evil.toString()) + " --seed 129";
        assertThat(page).contains(new zswapsim.trace.Json().value(replay).toString());
    }

    /** The first listed seed's replay command, run as printed, deadlocks in the number of steps listed. */
    @Test
    void explore_firstListedSeed_replayDeadlocks() throws IOException {
        Path html = dir.resolve("explore.html");
        assertThat(cli("explore", Runs.PERCPU_REF, "--runs", "300", "--report", html.toString())).isEqualTo(0);
        Map<String, Object> column = MiniJson.object(MiniJson.array(data(Files.readString(html)).get("columns")).get(0));
        List<Object> seeds = MiniJson.array(column.get("seeds"));
        assertThat(seeds).isNotEmpty().hasSizeLessThanOrEqualTo(ExploreReport.LISTED_SEEDS);
        Map<String, Object> first = MiniJson.object(seeds.get(0));
        String replay = (String) first.get("replay");
        assertThat(replay).isEqualTo("./zswapsim run " + Runs.PERCPU_REF + " --seed " + (long) (double) first.get("seed"));

        List<String> args = new ArrayList<>(List.of(replay.substring("./zswapsim ".length()).split(" ")));
        args.add("--json");
        out.getBuffer().setLength(0);
        assertThat(cli(args.toArray(String[]::new))).isEqualTo(0);
        assertThat(out.toString()).contains("\"outcome\":\"deadlock\"")
                .contains("\"steps\":" + (long) (double) first.get("steps") + ",");
    }

    /** More than 20 deadlocks list the first 20 by seed; a fix that never deadlocks lists none but is still plotted. */
    @Test
    void render_manyDeadlocks_listsFirstTwentyAndSharesTheStepAxis() {
        List<RunSummary> bad = new ArrayList<>();
        List<RunSummary> good = new ArrayList<>();
        for (long seed = 1; seed <= 100; seed++) {
            bad.add(new RunSummary(seed, seed % 3 == 0 ? Outcome.COMPLETED : Outcome.DEADLOCK, 40 + (int) seed, Deadlock.Kind.SELF, List.of()));
            good.add(new RunSummary(seed, seed == 7 ? Outcome.STEP_LIMIT : Outcome.COMPLETED, 200 + (int) seed, null, List.of()));
        }
        var a = zswapsim.scenario.ScenarioLoader.load(Path.of(Runs.PERCPU_REF));
        var b = zswapsim.scenario.ScenarioLoader.load(Path.of(FIX));
        Map<String, Object> page = data(ExploreReport.render(List.of(
                new ExploreReport.Column(a, ExploreStats.of(bad), bad),
                new ExploreReport.Column(b, ExploreStats.of(good), good))));

        // Steps 41..300 in 27 bins of 10 from 40; the run cut by the step limit is counted apart, not binned.
        assertThat(MiniJson.object(page.get("bins"))).containsEntry("start", 40.0).containsEntry("width", 10.0)
                .containsEntry("count", 27.0);
        List<Object> columns = MiniJson.array(page.get("columns"));
        Map<String, Object> first = MiniJson.object(columns.get(0));
        List<Object> seeds = MiniJson.array(first.get("seeds"));
        assertThat(seeds).hasSize(20);
        assertThat(MiniJson.object(seeds.get(0)).get("seed")).isEqualTo(1.0);
        assertThat(MiniJson.object(seeds.get(19)).get("seed")).isEqualTo(29.0);
        Map<String, Object> second = MiniJson.object(columns.get(1));
        assertThat(MiniJson.array(second.get("seeds"))).isEmpty();
        Map<String, Object> hist = MiniJson.object(second.get("hist"));
        assertThat(MiniJson.array(hist.get("completed")).stream().mapToDouble(o -> (double) o).sum()).isEqualTo(99.0);
        assertThat(second.get("step_limit")).isEqualTo(207.0);
    }

    /** Replay commands quote a file name the shell would split or expand, and leave plain paths alone. */
    @Test
    void shellWord_specialCharacters_singleQuoted() {
        assertThat(ExploreReport.shellWord("scenarios/zswap/percpu-ref.yaml")).isEqualTo("scenarios/zswap/percpu-ref.yaml");
        assertThat(ExploreReport.shellWord("my scenarios/it's <x>.yaml")).isEqualTo("'my scenarios/it'\\''s <x>.yaml'");
        assertThat(ExploreReport.shellWord("$(rm -rf ~).yaml")).isEqualTo("'$(rm -rf ~).yaml'");
    }

    /** Histogram bin widths are round: 1, 2, 5, 10, 20, 50, ... */
    @Test
    void roundWidth_anyLowerBound_nextRoundNumber() {
        assertThat(ExploreReport.Bins.roundWidth(1)).isEqualTo(1);
        assertThat(ExploreReport.Bins.roundWidth(3)).isEqualTo(5);
        assertThat(ExploreReport.Bins.roundWidth(11)).isEqualTo(20);
        assertThat(ExploreReport.Bins.roundWidth(250)).isEqualTo(500);
    }

    /** In headless Chromium from file://: no console errors, one plot per scenario plus the rates, the table as the text output. */
    @Test
    void report_compareInBrowser_drawsTableAndPlotsWithoutConsoleErrors(@TempDir Path profile) throws Exception {
        Browser.requireInstalled();
        Path html = ReportBrowserTest.TARGET.resolve("explore-report.html");
        Path evilHtml = dir.resolve("evil.html");
        assertThat(cli("explore", Runs.PERCPU_REF, "--compare", FIX, "--runs", "300", "--report", html.toString()))
                .isEqualTo(0);
        String text = out.toString();
        assertThat(cli("explore", hostileScenario().toString(), "--runs", "20", "--report", evilHtml.toString())).isEqualTo(0);

        try (Browser b = Browser.start(profile, ReportBrowserTest.TARGET.resolve("chromedriver-explore.log"))) {
            b.open(html);
            List<String> page = strings(b.script("return [String(document.querySelectorAll('svg.plot').length),"
                    + " String(document.querySelectorAll('svg.plot rect').length),"
                    + " Array.from(document.querySelectorAll('#stats tr')).map(r => Array.from(r.cells).map(c => c.textContent).join('|')).join('\\n'),"
                    + " Array.from(document.querySelectorAll('#head h2')).map(h => h.textContent).join('|'),"
                    + " String(document.querySelectorAll('table.seeds tr').length)];"));
            assertThat(page.get(0)).isEqualTo("3");
            assertThat(Integer.parseInt(page.get(1))).isGreaterThan(3);
            String rateRow = page.get(2).lines().filter(l -> l.startsWith("deadlock rate (95% CI)|")).findFirst().orElseThrow();
            for (String cell : rateRow.split("\\|")) {
                assertThat(text).contains(cell);
            }
            assertThat(page.get(3)).contains("before the hotfix").contains("the merged fix");
            assertThat(page.get(4)).isEqualTo("3");
            Files.write(ReportBrowserTest.TARGET.resolve("explore-report-screenshot.png"), b.screenshot());
            ReportBrowserTest.assertNoConsoleErrors(b);

            b.open(evilHtml);
            List<String> evil = strings(b.script("return [String(document.scripts.length),"
                    + " document.querySelector('#head h2').textContent, document.querySelector('.about').textContent];"));
            assertThat(evil.get(0)).isEqualTo("2");
            assertThat(evil.get(1)).isEqualTo(HOSTILE + " evil");
            assertThat(evil.get(2)).contains(HOSTILE).contains("</script><script>alert(2)</script>");
            ReportBrowserTest.assertNoConsoleErrors(b);
        }
    }

    /** percpu-ref.yaml renamed and re-described with markup, in a file whose name needs shell quoting. */
    private Path hostileScenario() throws IOException {
        String yaml = Files.readString(Path.of(Runs.PERCPU_REF))
                .replaceFirst("(?m)^scenario: .*$", "scenario: \"" + HOSTILE + " evil\"")
                .replaceFirst("(?m)^about: \\|\n", "about: |\n  " + HOSTILE + " and `</script><script>alert(2)</script>`\n\n");
        Path evil = dir.resolve("evil <b>'s.yaml");
        Files.writeString(evil, yaml);
        return evil;
    }

    private Path copy(String from, String name) throws IOException {
        Path to = dir.resolve(name);
        Files.copy(Path.of(from), to);
        return to;
    }

    private int cli(String... args) {
        return Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    }

    /** A field's value as written in a JSON line (numbers and strings need no parsing to compare). */
    private static String rawField(String line, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\"(?:[^\"\\\\]|\\\\.)*\"|\\[[^\\]]*\\]|[^,}]+)").matcher(line);
        assertThat(m.find()).as(key + " in " + line).isTrue();
        return m.group(1);
    }

    private static Map<String, Object> data(String page) {
        int start = page.indexOf(OPEN_DATA) + OPEN_DATA.length();
        return MiniJson.object(MiniJson.parse(page.substring(start, page.indexOf("</script>", start))));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<String> strings(Object value) {
        return MiniJson.array(value).stream().map(String::valueOf).toList();
    }
}
