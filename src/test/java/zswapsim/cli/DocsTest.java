package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import zswapsim.scenario.Expect;
import zswapsim.scenario.Condition;
import zswapsim.scenario.OpKind;

/** docs/ stands alone: its op table is the parser's op list, and the README only links inside the repository. */
class DocsTest {
    private static final Path FORMAT = Path.of("docs/scenario-format.md");

    /** Every op OpKind accepts has a row in the doc's op table, and every row is an op the parser accepts. */
    @Test
    void scenarioFormat_opTable_isTheParsersOpList() throws IOException {
        String doc = Files.readString(FORMAT);
        String table = doc.substring(doc.indexOf("### Ops"), doc.indexOf("### Conditions"));
        TreeSet<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(table);
        while (m.find()) {
            assertThat(documented.add(m.group(1))).as("%s documented once", m.group(1)).isTrue();
        }
        assertThat(documented).isEqualTo(new TreeSet<>(OpKind.names()));
    }

    /** The conditions table (first column, one or more names per row) lists exactly what if: accepts. */
    @Test
    void scenarioFormat_conditionTable_isTheParsersConditions() throws IOException {
        String doc = Files.readString(FORMAT);
        String table = doc.substring(doc.indexOf("### Conditions"), doc.indexOf("### Lockdep report kinds"));
        TreeSet<String> documented = new TreeSet<>();
        for (String row : table.lines().filter(l -> l.startsWith("| `")).toList()) {
            Matcher m = Pattern.compile("`([a-z_]+)`").matcher(row.substring(0, row.indexOf(" |", 2)));
            while (m.find()) {
                assertThat(documented.add(m.group(1))).as("%s documented once", m.group(1)).isTrue();
            }
        }
        assertThat(documented).isEqualTo(new TreeSet<>(Condition.names()));
    }

    /** The report-kind table lists exactly the kinds expect: accepts. */
    @Test
    void scenarioFormat_kindTable_isTheContractsKinds() throws IOException {
        String doc = Files.readString(FORMAT);
        String table = doc.substring(doc.indexOf("### Lockdep report kinds"), doc.indexOf("## 2. Schedules"));
        List<String> kinds = Pattern.compile("(?m)^\\| `([a-z-]+)` \\|").matcher(table).results().map(r -> r.group(1)).toList();
        assertThat(kinds).isEqualTo(Expect.LOCKDEP_KINDS);
    }

    /** README.md and docs/*.md name no file outside the repository, and every relative link they make exists. */
    @Test
    void docs_pointOnlyInsideTheRepository() throws IOException {
        List<Path> docs;
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            docs = Stream.concat(Stream.of(Path.of("README.md"), Path.of("scenarios/README.md")),
                    files.filter(p -> p.toString().endsWith(".md"))).toList();
        }
        Pattern link = Pattern.compile("\\]\\(([^)#]+)");
        for (Path doc : docs) {
            String text = Files.readString(doc);
            assertThat(text).as(doc.toString()).doesNotContain("../shared").doesNotContain("SCENARIO-FORMAT.md")
                    .doesNotContain("kernel-facts.md");
            Matcher m = link.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (!target.startsWith("http")) {
                    assertThat(doc.resolveSibling(target)).as("%s links %s", doc, target).exists();
                }
            }
        }
    }
}
