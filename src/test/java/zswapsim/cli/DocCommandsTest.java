package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code ./zswapsim ...} command that README.md and docs/workshop.md show, in a code block or
 * in inline code, runs as written through the in-process CLI and exits 0. Globs are expanded as a
 * shell would; bare output file names ({@code r.html}, {@code ce.json}) land in one temporary
 * directory, and {@code > FILE} saves stdout there, for the commands after it. Only {@code bench} is left out: it measures
 * for minutes.
 */
class DocCommandsTest {
    private static final List<Path> DOCS = List.of(Path.of("README.md"), Path.of("docs/workshop.md"));
    private static final Pattern INLINE = Pattern.compile("`(\\./zswapsim [^`]+)`");
    private static final Pattern BARE_OUTPUT = Pattern.compile("[\\w.-]+\\.(html|json|jsonl)");

    static Stream<String> commands() throws IOException {
        List<String> commands = new ArrayList<>();
        for (Path doc : DOCS) {
            boolean fenced = false;
            for (String line : Files.readAllLines(doc)) {
                if (line.startsWith("```")) {
                    fenced = !fenced;
                } else if (fenced && line.startsWith("./zswapsim ")) {
                    commands.add(line.replaceAll("\\s+#.*$", "").strip());
                } else if (!fenced) {
                    Matcher m = INLINE.matcher(line);
                    while (m.find()) {
                        commands.add(m.group(1).strip());
                    }
                }
            }
        }
        return commands.stream().distinct().filter(c -> !c.startsWith("./zswapsim bench"));
    }

    /** The documents do show commands (and the bench line is the only one left out). */
    @org.junit.jupiter.api.Test
    void docs_showCommands() throws IOException {
        assertThat(commands().count()).isGreaterThan(10);
    }

    /** Shared by the commands, which run in document order: a later one may read what an earlier one saved. */
    @TempDir
    static Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void command_asWritten_exitsZero(String command) throws IOException {
        List<String> words = new ArrayList<>(List.of(command.split("\\s+")));
        words.remove(0);
        Path stdout = null;
        int redirect = words.indexOf(">");
        if (redirect >= 0) {
            stdout = dir.resolve(words.get(redirect + 1));
            words = new ArrayList<>(words.subList(0, redirect));
        }
        List<String> args = new ArrayList<>();
        for (String w : words) {
            if (w.contains("*")) {
                args.addAll(glob(w));
            } else if (BARE_OUTPUT.matcher(w).matches()) {
                args.add(dir.resolve(w).toString());
            } else {
                args.add(w);
            }
        }
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.status()).as("%s%nstderr: %s", command, r.err()).isZero();
        assertThat(r.err()).as(command).doesNotContain("zswapsim:");
        if (stdout != null) {
            Files.writeString(stdout, r.out());
        }
    }

    private static List<String> glob(String pattern) throws IOException {
        Path parent = Path.of(pattern).getParent();
        List<String> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, Path.of(pattern).getFileName().toString())) {
            ds.forEach(p -> files.add(p.toString()));
        }
        assertThat(files).as(pattern).isNotEmpty();
        return files.stream().sorted().toList();
    }
}
