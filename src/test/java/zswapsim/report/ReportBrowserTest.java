package zswapsim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zswapsim.cli.Main;

/** The report in real headless Chromium, opened from file://: no console errors, and it steps through the run. */
class ReportBrowserTest {
    static final Path TARGET = Path.of("target");
    private static final String READ_STATE = "return [document.getElementById('step-label').textContent,"
            + " Array.from(document.querySelectorAll('.cpu-state')).map(e => e.textContent).join('\\n'),"
            + " Array.from(document.querySelectorAll('.evrow.cur .st')).map(e => e.textContent).join(',')];";

    /** percpu-ref seed 129 (it deadlocks): loads cleanly, "next" moves the highlighted step and changes a CPU's state. */
    @Test
    void report_percpuRefSeed129_stepsForwardWithoutConsoleErrors(@TempDir Path profile) throws Exception {
        Browser.requireInstalled();
        Path html = TARGET.resolve("report-percpu-ref-seed129.html");
        StringWriter err = new StringWriter();
        int status = Main.execute(new String[] {"run", Runs.PERCPU_REF, "--seed", "129", "--report", html.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(status).as(err.toString()).isEqualTo(0);

        try (Browser b = Browser.start(profile, TARGET.resolve("chromedriver-report.log"))) {
            b.open(html);
            List<String> before = awaitState(b, s -> !s.get(0).equals(""));
            assertThat(before.get(0)).isEqualTo("step 1 / 53");
            assertThat(before.get(2)).isEqualTo("1");

            b.click("#btn-next");
            List<String> after = awaitState(b, s -> !s.get(0).equals(before.get(0)));
            assertThat(after.get(0)).isEqualTo("step 2 / 53");
            assertThat(after.get(2)).isEqualTo("2");

            b.script("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));");
            assertThat(awaitState(b, s -> !s.get(0).equals(after.get(0))).get(0)).isEqualTo("step 3 / 53");

            // Step 6 is kswapd0's first: "next" onto it changes CPU1's state.
            b.open(html, "#step=5");
            List<String> five = awaitState(b, s -> s.get(0).equals("step 5 / 53"));
            b.click("#btn-next");
            List<String> six = awaitState(b, s -> s.get(0).equals("step 6 / 53"));
            assertThat(six.get(1)).isNotEqualTo(five.get(1)).contains("task kswapd0");

            b.click("#head button.step-link");
            assertThat(awaitState(b, s -> s.get(0).equals("step 53 / 53")).get(1)).contains("softirq RCU_SOFTIRQ");
            Files.write(TARGET.resolve("report-screenshot.png"), b.screenshot());
            assertNoConsoleErrors(b);
        }
    }

    static void assertNoConsoleErrors(Browser b) throws IOException, InterruptedException {
        List<Object> log = b.consoleLog();
        assertThat(log).as("browser console").noneSatisfy(entry -> assertThat(MiniJson.object(entry).get("level")).isEqualTo("SEVERE"));
    }

    /** Polls the page (it redraws on the next animation frame) until the condition holds, for up to 5 s. */
    private static List<String> awaitState(Browser b, Predicate<List<String>> condition) throws Exception {
        List<String> state = List.of();
        for (int i = 0; i < 100; i++) {
            state = MiniJson.array(b.script(READ_STATE)).stream().map(String::valueOf).toList();
            if (condition.test(state)) {
                return state;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("page state never matched; last: " + state);
    }
}
