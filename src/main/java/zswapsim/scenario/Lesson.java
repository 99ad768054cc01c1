package zswapsim.scenario;

import java.util.List;

/**
 * A lesson's exercise: the {@code question:} put to the student, {@code hints:} given one at a
 * time, and the {@code answer:}. All Markdown like {@code about:}; each is null (hints empty)
 * when the file has none.
 */
public record Lesson(String question, List<String> hints, String answer) {

    public static final Lesson NONE = new Lesson(null, List.of(), null);

    public boolean isEmpty() {
        return question == null && hints.isEmpty() && answer == null;
    }
}
