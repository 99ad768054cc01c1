package zswapsim.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import zswapsim.sim.RunResult;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioLoader;

/** A scenario written to attack the page: everything it says must reach the page as data, never as markup. */
class HtmlReportSafetyTest {
    private static final String OPEN_DATA = "<script type=\"application/json\" id=\"zs-data\">";
    private static final String HOSTILE = """
            scenario: "evil <script>alert('title')</script> \\"quoted\\" </b>"
            about: |
              Some **bold** and <script>alert("about")</script> and `</script><script>alert(1)</script>`
              and a <img src=x onerror=alert(2)> tag.

              - item with *em* and </div>
              - "quotes" & 'apostrophes'
            cpus: 2
            locks:
              "<script>alert('lock')</script>": spinlock
              "L2\\"</": spinlock
            handlers:
              "<script>alert('handler')</script>":
                - spin_lock: "L2\\"</"
                - spin_unlock: "L2\\"</"
            tasks:
              - name: "<script>alert('task')</script>"
                cpu: 0
                run:
                  - spin_lock: "<script>alert('lock')</script>"
                  - spin_lock: "L2\\"</"
                  - note: "</script><script>alert('note')</script>"
                  - spin_unlock: "L2\\"</"
                  - spin_unlock: "<script>alert('lock')</script>"
                  - call_rcu: "<script>alert('handler')</script>"
                  - synchronize_rcu
              - name: "t2 '\\"</"
                cpu: 1
                run:
                  - spin_lock: "L2\\"</"
                  - spin_unlock: "L2\\"</"
            interrupts:
              - softirq: "<script>alert('handler')</script>"
                cpus: [0, 1]
            """;

    /** Outside the JSON blob nothing of the scenario appears: no alert, no onerror, only the page's own two scripts. */
    @Test
    void render_hostileNames_noRawMarkupOutsideData() {
        for (long seed = 1; seed <= 6; seed++) {
            String page = render(seed);
            String outside = withoutData(page);
            assertThat(outside).doesNotContain("alert").doesNotContain("onerror").doesNotContain("quoted");
            assertThat(page.split("<script", -1)).hasSize(3);
        }
    }

    /** The blob has no '<' at all, so it cannot close its element; the names are in it, escaped. */
    @Test
    void render_hostileNames_dataBlobEscapesEveryLessThan() {
        String blob = data(render(3));
        assertThat(blob).doesNotContain("<").doesNotContain(">").doesNotContain("</");
        assertThat(blob).contains("\\u003cscript\\u003ealert('task')\\u003c/script\\u003e")
                .contains("\\u003cscript\\u003ealert('handler')").contains("L2\\\"\\u003c/");
    }

    /** The page loads nothing: no external address, no fetch, and a policy that forbids connections. */
    @Test
    void render_anyRun_noNetworkReferences() {
        String page = HtmlReport.render(Runs.traced(Runs.PERCPU_REF, 4));
        String code = withoutData(page).replace("http://www.w3.org/2000/svg", "");
        assertThat(code).doesNotContain("http:").doesNotContain("https:").doesNotContain("src=").doesNotContain("href=")
                .doesNotContain("fetch(").doesNotContain("XMLHttpRequest").doesNotContain("WebSocket")
                .doesNotContain("@import").doesNotContain("@font-face");
        assertThat(page).contains("default-src 'none'");
    }

    /** The page's script never parses markup: no innerHTML, outerHTML, insertAdjacentHTML or document.write. */
    @Test
    void render_anyRun_scriptBuildsDomWithoutParsingMarkup() {
        String code = withoutData(HtmlReport.render(Runs.traced(Runs.PERCPU_REF, 4)));
        assertThat(code).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("eval(").doesNotContain("new Function");
    }

    /** The compare page carries both runs, each with its own seed. */
    @Test
    void renderCompare_twoSeeds_embedsBothRuns() {
        RunResult a = Runs.traced(Runs.PERCPU_REF, 4);
        RunResult b = Runs.traced(Runs.PERCPU_REF, 7);
        String blob = data(HtmlReport.renderCompare(a, b));
        assertThat(blob).startsWith("{\"mode\":\"compare\",\"runs\":[{\"meta\":");
        assertThat(blob).contains("\"seed\":4,").contains("\"seed\":7,");
    }

    private static String render(long seed) {
        Scenario s = ScenarioLoader.parse("evil.yaml", HOSTILE);
        return HtmlReport.render(Runs.traced(s, seed, 1_000), s);
    }

    private static String data(String page) {
        int start = page.indexOf(OPEN_DATA) + OPEN_DATA.length();
        return page.substring(start, page.indexOf("</script>", start));
    }

    private static String withoutData(String page) {
        int start = page.indexOf(OPEN_DATA) + OPEN_DATA.length();
        return page.substring(0, start) + page.substring(page.indexOf("</script>", start));
    }
}
