package zswapsim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zswapsim.cli.Main;

/** A --student page in headless Chromium: the question shows, the answer only after "show answer". */
class StudentReportBrowserTest {
    private static final String ANSWER_VISIBLE = "var a = document.querySelector('#head .about');"
            + " return [a ? String(a.hidden) : 'none', a ? a.textContent : '',"
            + " document.querySelector('#head .question') ? document.querySelector('#head .question').textContent : '',"
            + " String(document.querySelectorAll('#head button.show-answer').length)].join('|');";

    @Test
    void report_student_answerHiddenUntilShowAnswer(@TempDir Path profile) throws Exception {
        Browser.requireInstalled();
        Path html = ReportBrowserTest.TARGET.resolve("report-student-05.html");
        StringWriter err = new StringWriter();
        int status = Main.execute(new String[] {"report", "scenarios/lockdep/05-recursive-locking.yaml", "--student",
                "-o", html.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(status).as(err.toString()).isZero();

        try (Browser b = Browser.start(profile, ReportBrowserTest.TARGET.resolve("chromedriver-student.log"))) {
            b.open(html);
            String before = awaitScript(b, s -> !s.startsWith("none"));
            assertThat(before.split("\\|")[0]).isEqualTo("true");
            assertThat(before.split("\\|")[2]).contains("xnic_set_rx_mode()");
            assertThat(before.split("\\|")[3]).isEqualTo("1");

            b.click("#head button.show-answer");
            String after = awaitScript(b, s -> s.startsWith("false"));
            assertThat(after).contains("Rule:").contains("Every run deadlocks").endsWith("|0");
            ReportBrowserTest.assertNoConsoleErrors(b);
        }
    }

    private static String awaitScript(Browser b, java.util.function.Predicate<String> condition) throws Exception {
        String last = "";
        for (int i = 0; i < 100; i++) {
            last = String.valueOf(b.script(ANSWER_VISIBLE));
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("page never matched; last: " + last);
    }
}
