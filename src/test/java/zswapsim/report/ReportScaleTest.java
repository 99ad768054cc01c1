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

/** The report at scale: 128 CPUs and 100,000 steps stay under 20 MB and open in headless Chromium in under 5 s. */
class ReportScaleTest {
    private static final int CPUS = 128;
    private static final int STEPS = 100_000;
    private static final long MAX_BYTES = 20L * 1024 * 1024;
    private static final double MAX_OPEN_SECONDS = 5.0;
    /** Resolves once two frames have been drawn after load, i.e. the first render is on screen. */
    private static final String PAINTED = "return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() =>"
            + " r(document.getElementById('step-label').textContent))));";

    /** Size and time to first paint (navigation included), with a step and a whole-run zoom timed too. */
    @Test
    void report_128Cpus100kSteps_under20MbAndOpensUnder5s(@TempDir Path profile) throws Exception {
        Browser.requireInstalled();
        Scenario s = ScenarioLoader.parse("scale-128.yaml", ScaleScenario.yaml(CPUS, 60));
        long t0 = System.nanoTime();
        RunResult r = Runs.traced(s, 1, STEPS);
        long t1 = System.nanoTime();
        String page = HtmlReport.render(r, s);
        long t2 = System.nanoTime();
        Path html = ReportBrowserTest.TARGET.resolve("report-scale-128cpu.html");
        AtomicFiles.write(html, page);
        long bytes = Files.size(html);
        assertThat(r.steps()).isEqualTo(STEPS);
        assertThat(bytes).isLessThan(MAX_BYTES);

        try (Browser b = Browser.start(profile, ReportBrowserTest.TARGET.resolve("chromedriver-scale.log"))) {
            long o0 = System.nanoTime();
            b.open(html);
            Object label = b.script(PAINTED);
            double open = (System.nanoTime() - o0) / 1e9;
            List<Object> nav = MiniJson.array(b.script("const n = performance.getEntriesByType('navigation')[0];"
                    + " return [n.domContentLoadedEventEnd, n.loadEventEnd];"));
            double step = timed(b, "document.getElementById('btn-next').click();");
            double zoomAll = timed(b, "document.getElementById('btn-zoom-all').click();");
            ReportBrowserTest.assertNoConsoleErrors(b);
            String figures = String.format("report scale: %d CPUs, %d steps, %d events%n"
                            + "  run (no actors, traced) %.1f s; render HTML %.1f s%n"
                            + "  file %.1f MB (%d bytes)%n"
                            + "  headless Chromium: navigate + first paint %.2f s (DOMContentLoaded %.0f ms, load %.0f ms)%n"
                            + "  next step redraw %.0f ms; zoom to the whole run %.0f ms; first label '%s'%n",
                    CPUS, r.steps(), r.events().size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, bytes / 1e6, bytes, open,
                    (Double) nav.get(0), (Double) nav.get(1), step, zoomAll, label);
            System.out.print(figures);
            Files.writeString(ReportBrowserTest.TARGET.resolve("report-scale.txt"), figures);
            assertThat(open).as(figures).isLessThan(MAX_OPEN_SECONDS);
        }
    }

    /** Milliseconds from running the action to the second frame after it. */
    private static double timed(Browser b, String action) throws Exception {
        Object ms = b.script("const t = performance.now(); " + action
                + " return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now() - t))));");
        return (Double) ms;
    }
}
