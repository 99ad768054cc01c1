package zswapsim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The exercise keys question:, hints: and answer: parse like about:, and are checked like it. */
class LessonKeysTest {

    private static final String FILE = "scenarios/x.yaml";
    private static final String BODY = """
            cpus: 1
            tasks: [{cpu: 0, run: [note: hi]}]
            """;

    /** All three keys read as Markdown texts; hints keep their order. */
    @Test
    void parse_questionHintsAnswer_read() {
        Scenario s = ScenarioLoader.parse(FILE, """
                scenario: exercise
                question: Does it **deadlock**?
                hints:
                  - look at CPU0
                  - "then at the softirq"
                answer: |
                  Yes: the softirq spins.
                """ + BODY);
        assertThat(s.lesson()).isEqualTo(new Lesson("Does it **deadlock**?",
                java.util.List.of("look at CPU0", "then at the softirq"), "Yes: the softirq spins.\n"));
    }

    /** A file without them has the empty lesson. */
    @Test
    void parse_noExerciseKeys_emptyLesson() {
        Scenario s = ScenarioLoader.parse(FILE, "scenario: plain\n" + BODY);
        assertThat(s.lesson().isEmpty()).isTrue();
        assertThat(s.lesson().hints()).isEmpty();
    }

    /** hints: must be a list, at the value's position. */
    @Test
    void parse_hintsNotAList_errorAtValue() {
        assertThatThrownBy(() -> ScenarioLoader.parse(FILE, "scenario: x\nhints: just one\n" + BODY))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("scenarios/x.yaml:2:8: ")
                .hasMessageContaining("hints: expected a list of hints (Markdown texts), found 'just one'");
    }

    /** A blank hint and a non-text answer are errors at their positions. */
    @Test
    void parse_blankHintOrMappingAnswer_errorAtValue() {
        assertThatThrownBy(() -> ScenarioLoader.parse(FILE, "scenario: x\nhints: [ok, '']\n" + BODY))
                .hasMessageStartingWith("scenarios/x.yaml:2:13: ").hasMessageContaining("hints[1]: expected a hint");
        assertThatThrownBy(() -> ScenarioLoader.parse(FILE, "scenario: x\nanswer: {a: 1}\n" + BODY))
                .hasMessageStartingWith("scenarios/x.yaml:2:9: ").hasMessageContaining("answer: expected Markdown text, found a mapping");
    }

    /** A misspelt exercise key is still an unknown key, with the key it was probably meant to be. */
    @Test
    void parse_misspeltHints_unknownKeyWithHint() {
        assertThatThrownBy(() -> ScenarioLoader.parse(FILE, "scenario: x\nhint: [a]\n" + BODY))
                .hasMessageStartingWith("scenarios/x.yaml:2:1: ")
                .hasMessageContaining("unknown key 'hint' (did you mean 'hints'?)");
    }
}
