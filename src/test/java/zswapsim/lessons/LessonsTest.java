package zswapsim.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import zswapsim.explore.CheckOptions;
import zswapsim.cli.Main;
import zswapsim.explore.CheckResult;
import zswapsim.explore.Checker;
import zswapsim.kernel.Kernel;
import zswapsim.scenario.Expect;
import zswapsim.scenario.Scenario;
import zswapsim.scenario.ScenarioLoader;

/** The lockdep lessons in scenarios/lockdep/ and {@code zswapsim explain}, which points at them. */
class LessonsTest {

    private static final Path LESSONS = Path.of("scenarios", "lockdep");
    private static final Pattern LESSON_REF = Pattern.compile("scenarios/lockdep/[\\w.-]+\\.yaml");

    static Stream<Path> lessons() throws IOException {
        try (Stream<Path> files = Files.list(LESSONS)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    private static CheckResult check(Scenario s) {
        return new Checker(Kernel.of(s), CheckOptions.defaults().withMaxStates(1_000_000), null).check();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run explain(String... args) {
        return cli(Stream.concat(Stream.of("explain"), Stream.of(args)).toArray(String[]::new));
    }

    private static Run cli(String... argv) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(argv, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    /** The directory holds a teaching set: numbered files, at least one per report kind plus fixes. */
    @Test
    void lessonsDirectory_listed_holdsNumberedYamlFiles() throws IOException {
        List<Path> files = lessons().toList();
        assertThat(files).hasSizeGreaterThanOrEqualTo(Expect.LOCKDEP_KINDS.size() * 2);
        assertThat(files).allSatisfy(p -> assertThat(p.getFileName().toString()).matches("\\d\\d-[a-z0-9-]+\\.yaml"));
    }

    /** Every lesson states both expectations, and an exhaustive check of it finds exactly those. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lessons")
    void lesson_checkedOverAllSchedules_matchesItsExpect(Path file) {
        Scenario s = ScenarioLoader.load(file);
        Expect expect = s.expect();
        assertThat(expect).as("expect: block").isNotNull();
        assertThat(expect.deadlock()).as("expect.deadlock").isNotNull();
        assertThat(expect.lockdep()).as("expect.lockdep").isNotNull();

        CheckResult r = check(s);

        assertThat(r.complete()).as("search complete (cut by %s)", r.cutBy()).isTrue();
        assertThat(r.deadlockVerdict()).as("deadlock verdict").isEqualTo(expect.deadlock());
        assertThat(r.lockdepKinds()).as("lockdep kinds").isEqualTo(expect.lockdep());
    }

    /** Lessons are small enough for a classroom: 1-2 CPUs, an about: text without raw HTML. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lessons")
    void lesson_loaded_isSmallAndExplained(Path file) {
        Scenario s = ScenarioLoader.load(file);
        assertThat(s.cpus()).isBetween(1, 2);
        assertThat(s.about()).as("about:").isNotBlank();
        assertThat(s.about()).as("about: has no raw HTML").doesNotContainPattern("<[A-Za-z/!]");
    }

    /** A lesson's -fixed partner exists for every buggy lesson named so, and is silent and deadlock-free. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lessons")
    void fixedLesson_ofABuggyOne_neverDeadlocksAndIsSilent(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith("-fixed.yaml")) {
            return;
        }
        Path buggy = file.resolveSibling(name.replace("-fixed.yaml", ".yaml"));
        assertThat(buggy).exists();
        Expect fixed = ScenarioLoader.load(file).expect();
        assertThat(fixed.deadlock()).isEqualTo("never");
        assertThat(fixed.lockdep()).isEmpty();
        Expect bug = ScenarioLoader.load(buggy).expect();
        assertThat(bug.deadlock().equals("possible") || !bug.lockdep().isEmpty())
                .as("%s shows a bug", buggy).isTrue();
    }

    private static final Pattern SEED_RUN = Pattern.compile("\\./zswapsim run (scenarios/lockdep/[\\w.-]+\\.yaml) --seed (\\d+)");

    /**
     * A lesson that can deadlock shows it at the default seed, or its text (about:, hints:, answer:)
     * gives a `./zswapsim run FILE --seed N` that deadlocks, or says to replay check's counterexample
     * with --schedule.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lessons")
    void lesson_thatCanDeadlock_deadlocksAtDefaultSeedOrSaysWhichSeedDoes(Path file, @TempDir Path dir) throws IOException {
        Scenario s = ScenarioLoader.load(file);
        if (!"possible".equals(s.expect().deadlock())) {
            return;
        }
        if (outcome(cli("run", file.toString(), "--json").out()).equals("deadlock")) {
            return;
        }
        String text = String.join("\n", s.about(), String.join("\n", s.lesson().hints()),
                String.valueOf(s.lesson().answer())).replaceAll("\\s+", " ");
        Matcher m = SEED_RUN.matcher(text);
        boolean named = false;
        while (m.find()) {
            assertThat(Path.of(m.group(1))).as("the seed's command names this lesson").isEqualTo(file);
            assertThat(outcome(cli("run", m.group(1), "--seed", m.group(2), "--json").out()))
                    .as("%s --seed %s", file, m.group(2)).isEqualTo("deadlock");
            named = true;
        }
        if (!named) {
            assertThat(text).as("%s completes at the default seed and names no deadlocking seed", file)
                    .contains("./zswapsim check " + file + " --json > ce.json")
                    .contains("./zswapsim run " + file + " --schedule ce.json");
            Path ce = dir.resolve("ce.json");
            Files.writeString(ce, cli("check", file.toString(), "--json").out());
            assertThat(outcome(cli("run", file.toString(), "--schedule", ce.toString(), "--json").out())).isEqualTo("deadlock");
        }
    }

    private static String outcome(String runJson) {
        Matcher m = Pattern.compile("\"outcome\":\"([a-z-]+)\"").matcher(runJson);
        assertThat(m.find()).as(runJson).isTrue();
        return m.group(1);
    }

    /** Every report kind of the contract is taught: some lesson's expect lists it. */
    @Test
    void reportKinds_ofTheContract_eachHaveALesson() throws IOException {
        List<String> taught = lessons().map(ScenarioLoader::load).flatMap(s -> s.expect().lockdep().stream())
                .distinct().toList();
        assertThat(taught).containsAll(Expect.LOCKDEP_KINDS);
    }

    /** explain KIND prints the kernel's headline, the rule, the fix and the lesson files. */
    @Test
    void explain_inconsistentLockState_printsHeadlineAndLesson() {
        Run run = explain("inconsistent-lock-state");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("WARNING: inconsistent lock state")
                .contains("<Interrupt>")
                .contains("spin_lock_bh()")
                .contains("scenarios/lockdep/01-inconsistent-softirq.yaml");
        assertThat(run.err()).isEmpty();
    }

    /** An unknown kind is bad input: exit 2, and the message lists the valid kinds. */
    @Test
    void explain_unknownKind_exitsWithBadInput() {
        Run run = explain("deadlock-everywhere");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("unknown report kind 'deadlock-everywhere' (kinds: ").contains("circular-locking");
        assertThat(explain("inconsistent").err()).contains("unknown report kind 'inconsistent' (did you mean 'inconsistent-lock-state'?)");
        assertThat(explain("circular-lockin").err()).contains("(did you mean 'circular-locking'?)");
    }

    /** Without an argument, explain lists every kind with its headline. */
    @Test
    void explain_noArgument_listsEveryKind() {
        Run run = explain();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains(Expect.LOCKDEP_KINDS)
                .contains("WARNING: possible circular locking dependency detected")
                .contains("BUG: sleeping function called from invalid context");
    }

    /** explain circular-locking names both lessons whose expect: lists it, the ABBA one and the flush_work one. */
    @Test
    void explain_circularLocking_listsLessons04And11() {
        Run run = explain("circular-locking");
        assertThat(run.out()).contains("scenarios/lockdep/04-circular-locking.yaml")
                .contains("scenarios/lockdep/11-flush-work-under-lock.yaml")
                .doesNotContain("11-flush-work-under-lock-fixed.yaml");
    }

    /** The lessons explain lists for a kind are exactly the bundled files whose expect: lists the kind. */
    @Test
    void explain_everyKind_listsExactlyTheScenariosExpectingIt() throws IOException {
        List<Scenario> all;
        try (Stream<Path> files = Files.walk(Path.of("scenarios"))) {
            all = files.filter(p -> p.toString().endsWith(".yaml")).sorted().map(ScenarioLoader::load).toList();
        }
        Pattern anyScenario = Pattern.compile("^  (scenarios/[\\w/.-]+\\.yaml) ", Pattern.MULTILINE);
        for (String kind : Expect.LOCKDEP_KINDS) {
            String out = explain(kind).out();
            String section = out.substring(out.indexOf("\nLessons"));
            List<String> listed = anyScenario.matcher(section).results().map(r -> r.group(1)).toList();
            List<String> expecting = all.stream().filter(s -> s.expect().lockdep().contains(kind))
                    .map(s -> s.file().replace('\\', '/')).toList();
            assertThat(listed).as(kind).isEqualTo(expecting);
        }
    }

    /** Each kind's explanation names lesson files that exist, and at least one whose expect lists that kind. */
    @Test
    void explain_everyKind_pointsAtALessonShowingIt() {
        for (String kind : Expect.LOCKDEP_KINDS) {
            Run run = explain(kind);
            assertThat(run.exit()).as(kind).isZero();
            Matcher m = LESSON_REF.matcher(run.out());
            boolean shown = false;
            while (m.find()) {
                Path lesson = Path.of(m.group());
                assertThat(lesson).as("%s names %s", kind, lesson).exists();
                shown |= ScenarioLoader.load(lesson).expect().lockdep().contains(kind);
            }
            assertThat(shown).as("%s names a lesson that reports it", kind).isTrue();
        }
    }
}
