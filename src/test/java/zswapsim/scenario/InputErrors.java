package zswapsim.scenario;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;

/** The input-error tests' one assertion: parsing {@code yaml} fails at {@code position} with {@code phrase}. */
final class InputErrors {
    static final String FILE = "scenarios/x.yaml";

    private InputErrors() {
    }

    static AbstractThrowableAssert<?, ?> assertError(String yaml, String position, String phrase) {
        return assertThatThrownBy(() -> ScenarioLoader.parse(FILE, yaml))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(position)
                .hasMessageContaining(phrase);
    }
}
