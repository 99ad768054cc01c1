package zswapsim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean" hints offer likely typos only. */
class SpellingTest {

    /** A dropped letter or swapped neighbours is close enough to suggest. */
    @Test
    void closest_oneEditAway_isSuggested() {
        assertThat(Spelling.closest("spin_lok", List.of("spin_lock", "spin_unlock"))).contains("spin_lock");
        assertThat(Spelling.closest("mutxe_lock", List.of("mutex_lock"))).contains("mutex_lock");
    }

    /** A word unlike every candidate gets no suggestion. */
    @Test
    void closest_unrelatedWord_isNotSuggested() {
        assertThat(Spelling.closest("foo", List.of("scenario", "cpus", "tasks"))).isEmpty();
    }
}
