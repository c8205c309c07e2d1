package dev.burnwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.pricing.PriceTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelCheckTest {

    private static final PriceTable PRICES = PriceTable.bundled();

    @ParameterizedTest
    @ValueSource(strings = {"claude-haiku-4-5", "claude-haiku-4-5-20251001", "haiku", "sonnet", "opus",
        "claude-sonnet-4-20250514", "us.anthropic.claude-haiku-4-5-20251001-v1:0", "claude-sonnet-4-5[1m]",
        "opusplan", "default"})
    void aModelTheTableKnowsGetsNoWarning(String model) {
        assertThat(ModelCheck.warnings(model, PRICES)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-nova-9-20270101", "gpt-4", "claude-haiku-9"})
    void aModelTheTableDoesNotKnowIsWarnedAboutAndPinnedAsWritten(String model) {
        assertThat(ModelCheck.warnings(model, PRICES)).singleElement().asString()
                .startsWith(model + " is not a model Burnwatch knows: check the id; the pin is applied as written.")
                .contains("no price");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-4", "llama3"})
    void anIdThatIsNotClaudesIsSaidToLookLikeNone(String model) {
        assertThat(ModelCheck.warnings(model, PRICES)).singleElement().asString()
                .contains("does not look like a Claude model id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CLAUDE-HAIKU-4-5", "Haiku"})
    void anUpperCaseIdIsWarnedThatIdsAreLowerCase(String model) {
        assertThat(ModelCheck.warnings(model, PRICES)).singleElement().asString()
                .startsWith("Model ids are lower case: '" + model + "'")
                .contains("did you mean " + model.toLowerCase(java.util.Locale.ROOT));
    }
}
