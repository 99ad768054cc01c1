package zswapsim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zswapsim.cli.Main;

/** {@code run --report/--perfetto} and {@code report}: outputs written, inputs never overwritten. */
class ReportCliTest {
    @TempDir
    Path dir;
    private Path scenario;
    private String original;
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void copyScenario() throws IOException {
        scenario = dir.resolve("percpu-ref.yaml");
        Files.copy(Path.of(Runs.PERCPU_REF), scenario);
        original = Files.readString(scenario);
    }

    /** run --report naming the scenario itself is refused with exit 2 and the scenario survives. */
    @Test
    void run_reportEqualsInput_exit2AndInputKept() throws IOException {
        assertThat(cli("run", scenario.toString(), "--report", scenario.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("refusing to write an output over an input file");
        assertThat(Files.readString(scenario)).isEqualTo(original);
    }

    /** run --perfetto naming the scenario (by another spelling of its path) is refused with exit 2. */
    @Test
    void run_perfettoEqualsInput_exit2AndInputKept() throws IOException {
        String sameFile = dir.resolve(".").resolve("percpu-ref.yaml").toString();
        assertThat(cli("run", scenario.toString(), "--perfetto", sameFile)).isEqualTo(2);
        assertThat(Files.readString(scenario)).isEqualTo(original);
    }

    /** report -o naming its scenario is refused with exit 2. */
    @Test
    void report_outputEqualsInput_exit2AndInputKept() throws IOException {
        assertThat(cli("report", scenario.toString(), "-o", scenario.toString())).isEqualTo(2);
        assertThat(Files.readString(scenario)).isEqualTo(original);
    }

    /** report --compare -o naming the second scenario is refused with exit 2. */
    @Test
    void report_compareOutputEqualsSecondInput_exit2AndInputKept() throws IOException {
        Path other = dir.resolve("kref.yaml");
        Files.copy(Path.of("scenarios/zswap/kref.yaml"), other);
        assertThat(cli("report", "--compare", scenario.toString(), other.toString(), "-o", other.toString())).isEqualTo(2);
        assertThat(Files.readString(other)).isEqualTo(Files.readString(Path.of("scenarios/zswap/kref.yaml")));
    }

    /** report with neither a FILE nor --compare is a usage error. */
    @Test
    void report_noScenario_exit2() {
        assertThat(cli("report", "-o", dir.resolve("x.html").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("give one scenario FILE, FILE --compare OTHER.yaml, or --compare A.yaml B.yaml");
    }

    /** run --report --perfetto writes both files; report and report --compare write pages. */
    @Test
    void runAndReport_validOutputs_writeFiles() throws IOException {
        Path html = Files.createDirectory(dir.resolve("out")).resolve("run.html");
        Path trace = dir.resolve("out/run.json");
        assertThat(cli("run", scenario.toString(), "--seed", "4", "--report", html.toString(), "--perfetto", trace.toString()))
                .isEqualTo(0);
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("\"mode\":\"single\"");
        assertThat(Files.readString(trace)).startsWith("{\"traceEvents\":[");

        Path single = dir.resolve("single.html");
        assertThat(cli("report", scenario.toString(), "--seed", "4", "-o", single.toString())).isEqualTo(0);
        assertThat(Files.readString(single)).isEqualTo(Files.readString(html));

        Path compare = dir.resolve("compare.html");
        assertThat(cli("report", "--compare", scenario.toString(), "scenarios/zswap/percpu-ref-bh-fix.yaml",
                "--seed", "4", "-o", compare.toString())).isEqualTo(0);
        assertThat(Files.readString(compare)).contains("\"mode\":\"compare\"").contains("percpu-ref-bh-fix.yaml");
    }

    /** report FILE --compare OTHER (the README's form) writes the same page as --compare FILE OTHER. */
    @Test
    void report_fileThenCompareOther_sameAsCompareTwoFiles() throws IOException {
        Path twoFiles = dir.resolve("two.html");
        Path fileThenOther = dir.resolve("other.html");
        assertThat(cli("report", "--compare", scenario.toString(), "scenarios/zswap/percpu-ref-bh-fix.yaml",
                "-o", twoFiles.toString())).isEqualTo(0);
        assertThat(cli("report", scenario.toString(), "--compare", "scenarios/zswap/percpu-ref-bh-fix.yaml",
                "-o", fileThenOther.toString())).isEqualTo(0);
        assertThat(Files.readString(fileThenOther)).isEqualTo(Files.readString(twoFiles));
    }

    /** FILE with two --compare files, or --compare with one file and no FILE, is a usage error. */
    @Test
    void report_threeOrOneComparedFiles_exit2() {
        assertThat(cli("report", scenario.toString(), "--compare", scenario.toString(), scenario.toString(),
                "-o", dir.resolve("x.html").toString())).isEqualTo(2);
        assertThat(cli("report", "--compare", scenario.toString(), "-o", dir.resolve("y.html").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("(got 3 files)").contains("(got 1 file)");
        assertThat(dir.resolve("x.html")).doesNotExist();
    }

    private int cli(String... args) {
        return Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
    }
}
