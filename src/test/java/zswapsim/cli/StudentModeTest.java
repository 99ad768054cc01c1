package zswapsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --student on run, check and report hides about:, answer: and expect: and says how to see them. */
class StudentModeTest {
    private static final String LESSON = "scenarios/lockdep/05-recursive-locking.yaml";
    private static final String ANSWER = "Every run deadlocks: the second `spin_lock()`";

    /** run prints the question and hints either way; the answer only without --student. */
    @Test
    void run_student_questionAndHintsButNoAnswer() {
        Cli plain = Cli.run("run", LESSON);
        Cli student = Cli.run("run", LESSON, "--student");
        assertThat(plain.status()).isZero();
        assertThat(student.status()).isZero();
        assertThat(plain.out()).contains("question:\n  `xnic_set_rx_mode()` holds").contains("hint 1:\n  Kernel spinlocks")
                .contains("answer:\n  " + ANSWER);
        assertThat(student.out()).contains("question:\n  `xnic_set_rx_mode()` holds").contains("hint 1:")
                .doesNotContain(ANSWER).doesNotContain("answer:\n")
                .contains("hidden by --student: run the same command without --student to see it");
    }

    /** check --student keeps the verdicts and the exit status but not the expect: line or JSON field. */
    @Test
    void check_student_hidesExpect() {
        Cli text = Cli.run("check", LESSON, "--student");
        Cli json = Cli.run("check", LESSON, "--student", "--json");
        assertThat(text.status()).isZero();
        assertThat(text.out()).contains("deadlock: possible").doesNotContain("expect: holds")
                .contains("expect: (the lesson's answer) is hidden by --student");
        assertThat(json.out()).contains("\"expect\":null").contains("\"ok\":true,\"student\":true}")
                .doesNotContain("\"expect\":{");
        assertThat(Cli.run("check", LESSON, "--json").out()).contains("\"expect\":{\"deadlock\":\"possible\"")
                .doesNotContain("\"student\"");
    }

    /** The page says it is a student's; the about: and answer: travel in it, for the "show answer" button. */
    @Test
    void report_student_marksThePage(@TempDir Path dir) throws IOException {
        Path student = dir.resolve("s.html");
        Path plain = dir.resolve("p.html");
        assertThat(Cli.run("report", LESSON, "--student", "-o", student.toString()).status()).isZero();
        assertThat(Cli.run("report", LESSON, "-o", plain.toString()).status()).isZero();
        assertThat(Files.readString(student)).contains("\"student\":true").contains("Kernel spinlocks are not recursive");
        assertThat(Files.readString(plain)).contains("\"student\":false");
    }
}
