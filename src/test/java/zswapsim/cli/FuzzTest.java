package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded, bounded fuzz of the loader and the run: mutants of every bundled scenario (lines
 * deleted, duplicated, swapped, re-indented, cut; characters replaced by YAML's indicators,
 * control characters, huge numbers or bytes that are not UTF-8), each loaded and run briefly.
 * Every result must be exit 0, 1 or 2, bad input with one line, and never a stack trace or a hang.
 */
class FuzzTest {
    private static final long SEED = 20_240_210;
    private static final int MUTANTS = 400;
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);
    private static final String[] INSERTS = {":", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "|", ">", "\"", "'",
        "#", "%", "@", "\t", "\n", "  ", "\u001b[2J", "0", "-1", "99999999999999999999", "1000000000", "~", "null", "in_softirq: [",
        "call: ", "s\u0661", "\\L", "\u0000", "\u202e"};

    @TempDir
    Path dir;

    @Test
    void mutantsOfTheBundledScenarios_exitCleanly() throws IOException {
        List<Path> corpus;
        try (Stream<Path> files = Files.walk(Path.of("scenarios"))) {
            corpus = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(corpus).isNotEmpty();
        SplittableRandom random = new SplittableRandom(SEED);
        int[] statuses = new int[4];
        for (int i = 0; i < MUTANTS; i++) {
            Path source = corpus.get(random.nextInt(corpus.size()));
            byte[] mutant = mutate(Files.readString(source), random);
            Path f = Files.write(dir.resolve("mutant" + i + ".yaml"), mutant);
            Cli r = assertTimeoutPreemptively(HANG_GUARD, () -> Cli.run("run", f.toString(), "--max-steps", "100"),
                    () -> "hang on a mutant of " + source);
            String what = "mutant " + i + " of " + source + " (seed " + SEED + "): " + r.err();
            assertThat(r.status()).as(what).isBetween(0, 2);
            assertThat(r.err()).as(what).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Error");
            if (r.status() == 2) {
                assertThat(r.err().lines()).as(what).hasSize(1);
            }
            statuses[r.status()]++;
        }
        // The corpus must exercise both sides: some mutants still run, most are rejected.
        assertThat(statuses[0]).isPositive();
        assertThat(statuses[2]).isPositive();
    }

    /** One to three mutations of {@code text}; now and then a byte that is not UTF-8. */
    private static byte[] mutate(String text, SplittableRandom random) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int n = 1 + random.nextInt(3);
        for (int m = 0; m < n; m++) {
            int at = random.nextInt(lines.size());
            switch (random.nextInt(6)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, lines.get(at));
                case 2 -> java.util.Collections.swap(lines, at, random.nextInt(lines.size()));
                case 3 -> lines.set(at, (random.nextBoolean() ? "  " : "") + lines.get(at).stripLeading());
                case 4 -> lines.subList(at, lines.size()).clear();
                default -> {
                    String line = lines.get(at);
                    int col = random.nextInt(line.length() + 1);
                    lines.set(at, line.substring(0, col) + INSERTS[random.nextInt(INSERTS.length)] + line.substring(col));
                }
            }
            if (lines.isEmpty()) {
                lines.add("");
            }
        }
        byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(20) == 0 && bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] = (byte) 0xff;
        }
        return bytes;
    }
}
