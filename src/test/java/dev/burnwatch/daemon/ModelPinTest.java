package dev.burnwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelPinTest {

    @ParameterizedTest(name = "{0} pins {1}: {2}")
    @CsvSource({
        "claude-haiku-4-5-20251001, claude-haiku-4-5-20251001, true",
        "claude-haiku-4-5, claude-haiku-4-5-20251001, true",
        "haiku, claude-haiku-4-5-20251001, true",
        "haiku, claude-3-5-haiku-20241022, true",
        "claude-haiku-4-5, us.anthropic.claude-haiku-4-5-20251001-v1:0, true",
        "claude-sonnet-4, claude-sonnet-4@20250514, true",
        "claude-sonnet-4-5, claude-sonnet-4-5-20250929[1m], true",
        "claude-haiku-4-5, claude-sonnet-4-20250514, false",
        "haiku, claude-sonnet-4-5-20250929, false",
        "claude-sonnet-4, claude-sonnet-4-5-20250929, false",
        "claude-haiku-4-5, <synthetic>, false",
    })
    void aPinMatchesEverySpellingOfItsModelAndNoOther(String pinned, String observed, boolean matches) {
        assertThat(ModelPin.matches(pinned, observed)).isEqualTo(matches);
    }
}
