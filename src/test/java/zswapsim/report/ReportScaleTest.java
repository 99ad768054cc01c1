package zswapsim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zswapsim.sim.RunResult;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioLoader;
import zswapsim.trace.AtomicFiles;

/**
 * The report at scale: 128 CPUs and 100,000 steps stay under 20 MB and draw in headless Chromium
 * (every CPU's state, the visible lanes, a step and a whole-run zoom) without a console error.
 * How fast is {@code bench}'s business, not a unit test's.
 */
class ReportScaleTest {
    private static final int CPUS = 128;
    private static final int STEPS = 100_000;
    private static final long MAX_BYTES = 20L * 1024 * 1024;
    /** Resolves once two frames have been drawn, i.e. the last render is on screen. */
    private static final String PAINTED = "return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() =>"
            + " r([document.getElementById('step-label').textContent, String(document.querySelectorAll('.cpus .cpu').length),"
            + " String(document.querySelectorAll('.lanes rect.ctx').length > 0)]))));";

    @Test
    void report_128Cpus100kSteps_under20MbAndDrawsEveryCpu(@TempDir Path profile) throws Exception {
        Browser.requireInstalled();
        Scenario s = ScenarioLoader.parse("scale-128.yaml", ScaleScenario.yaml(CPUS, 60));
        RunResult r = Runs.traced(s, 1, STEPS);
        Path html = ReportBrowserTest.TARGET.resolve("report-scale-128cpu.html");
        AtomicFiles.write(html, HtmlReport.render(r, s));
        assertThat(r.steps()).isEqualTo(STEPS);
        assertThat(Files.size(html)).isLessThan(MAX_BYTES);

        try (Browser b = Browser.start(profile, ReportBrowserTest.TARGET.resolve("chromedriver-scale.log"))) {
            b.open(html);
            assertThat(firstPaint(b)).containsExactly("step 1 / " + STEPS, String.valueOf(CPUS), "true");
            b.script("document.getElementById('btn-next').click();");
            assertThat(painted(b).get(0)).isEqualTo("step 2 / " + STEPS);
            b.script("document.getElementById('btn-zoom-all').click();");
            assertThat(painted(b).get(2)).isEqualTo("true");
            ReportBrowserTest.assertNoConsoleErrors(b);
        }
    }

    /**
     * The first drawn step: a 20 MB page may still be running its start-up script when the load
     * returns on a busy machine, so this waits (at most a minute) for the step label to be set.
     */
    private static List<String> firstPaint(Browser b) throws Exception {
        List<String> p = painted(b);
        for (int i = 0; i < 120 && p.get(0).isEmpty(); i++) {
            Thread.sleep(500);
            p = painted(b);
        }
        return p;
    }

    private static List<String> painted(Browser b) throws Exception {
        return MiniJson.array(b.script(PAINTED)).stream().map(String::valueOf).toList();
    }
}
