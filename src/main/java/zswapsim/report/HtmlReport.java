package zswapsim.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import zswapsim.sim.RunResult;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioLoader;
import zswapsim.trace.Json;

/**
 * {@code --report}: one self-contained HTML page per run (or two runs side by side). The page is a
 * fixed template (report.html, report.css, report.js beside this class) plus one JSON blob; no run
 * data is ever written as HTML, so nothing in a scenario can become markup. It needs no network:
 * everything is inline and its Content-Security-Policy forbids fetching anything.
 */
public final class HtmlReport {
    private static final String DATA = "@DATA@";
    private static final String CSS = "/*@CSS@*/";
    private static final String JS = "/*@JS@*/";

    private HtmlReport() {
    }

    /** The report of one run; reads the scenario file again, if it is still there, for its about: text. */
    public static String render(RunResult r) {
        return render(r, loadQuietly(r.file()));
    }

    public static String render(RunResult r, Scenario scenario) {
        return render(r, scenario, ReportView.PLAIN);
    }

    public static String render(RunResult r, Scenario scenario, ReportView view) {
        Json j = new Json().beginObject().field("mode", "single").key("runs").beginArray();
        ReportData.write(j, r, scenario, view);
        return page(j.endArray().endObject().toString());
    }

    /** Two runs, timelines stacked on one step axis and panels side by side. */
    public static String renderCompare(RunResult a, RunResult b) {
        return renderCompare(a, loadQuietly(a.file()), b, loadQuietly(b.file()));
    }

    public static String renderCompare(RunResult a, Scenario sa, RunResult b, Scenario sb) {
        return renderCompare(a, sa, b, sb, ReportView.PLAIN);
    }

    public static String renderCompare(RunResult a, Scenario sa, RunResult b, Scenario sb, ReportView view) {
        Json j = new Json().beginObject().field("mode", "compare").key("runs").beginArray();
        ReportData.write(j, a, sa, view);
        ReportData.write(j, b, sb, view);
        return page(j.endArray().endObject().toString());
    }

    /** Json escapes {@code <}, {@code >} and {@code &}, so the blob cannot close its script element. */
    private static String page(String json) {
        String html = resource("report.html");
        html = html.replace(CSS, resource("report.css")).replace(JS, resource("dom.js") + resource("report.js"));
        int at = html.indexOf(DATA);
        return html.substring(0, at) + json + html.substring(at + DATA.length());
    }

    private static Scenario loadQuietly(String file) {
        try {
            return file == null ? null : ScenarioLoader.load(Path.of(file));
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource zswapsim/report/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
