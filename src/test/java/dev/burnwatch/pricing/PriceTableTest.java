package dev.burnwatch.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnwatch.BadInputException;
import dev.burnwatch.usage.Tokens;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PriceTableTest {

    private final PriceTable prices = PriceTable.bundled();

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "claude-sonnet-4-20250514, claude-sonnet-4-20250514",
        "claude-sonnet-4, claude-sonnet-4-20250514",
        "claude-sonnet-4-0, claude-sonnet-4-20250514",
        "claude-sonnet-4-5, claude-sonnet-4-5-20250929",
        "claude-sonnet-4-5-20250929, claude-sonnet-4-5-20250929",
        "claude-3-5-haiku-20241022, claude-3-5-haiku-20241022",
        "claude-3-5-haiku-latest, claude-3-5-haiku-20241022",
        "claude-3-7-sonnet-20250219, claude-3-7-sonnet-20250219",
        "claude-3-haiku-20240307, claude-3-haiku-20240307",
        "anthropic.claude-sonnet-4-20250514-v1:0, claude-sonnet-4-20250514",
        "us.anthropic.claude-sonnet-4-20250514-v1:0, claude-sonnet-4-20250514",
        "eu.anthropic.claude-opus-4-1-20250805-v1:0, claude-opus-4-1-20250805",
        "global.anthropic.claude-haiku-4-5-20251001-v1:0, claude-haiku-4-5-20251001",
        "claude-sonnet-4@20250514, claude-sonnet-4-20250514",
        "claude-opus-4-1@20250805, claude-opus-4-1-20250805",
        "claude-3-5-sonnet-v2@20241022, claude-3-5-sonnet-20241022",
        "claude-sonnet-4-20250514[1m], claude-sonnet-4-20250514",
        "claude-sonnet-4-5[1m], claude-sonnet-4-5-20250929",
        "claude-opus-4-5-20251101, claude-opus-4-5-20251101",
        "claude-opus-4-6, claude-opus-4-6",
        "CLAUDE-HAIKU-4-5, claude-haiku-4-5-20251001",
        "opus, claude-opus-5-5",
        "sonnet, claude-sonnet-5-5",
        "haiku, claude-haiku-5-5",
        "sonnet[1m], claude-sonnet-5-5",
    })
    void everySpellingOfAModelFindsItsRow(String spelling, String id) {
        assertThat(prices.find(spelling)).map(ModelPrice::id).contains(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<synthetic>", "claude-nova-9-20270101", "claude-opus-4-9", "claude-sonnet-9",
        "gpt-4o", "", "claude"})
    void aModelTheTableDoesNotListHasNoPrice(String model) {
        assertThat(prices.find(model)).isEmpty();
        assertThat(prices.cost(model, new Tokens(1, 1, 1, 1, 1))).isEmpty();
    }

    @Test
    void anUndatedNewOpusIsNeverPricedAsAnOldOne() {
        ModelPrice opus45 = prices.find("claude-opus-4-5").orElseThrow();

        assertThat(opus45.input()).isEqualByComparingTo("5");
        assertThat(opus45.output()).isEqualByComparingTo("25");
    }

    @Test
    void pricesFollowTheFieldNotesTable() {
        assertPrices("claude-opus-4-1", "15", "75", "18.75", "30", "1.50");
        assertPrices("claude-sonnet-4-5", "3", "15", "3.75", "6", "0.30");
        assertPrices("claude-haiku-4-5", "1", "5", "1.25", "2", "0.10");
        assertPrices("claude-3-5-haiku", "0.80", "4", "1", "1.6", "0.08");
        assertPrices("claude-3-haiku", "0.25", "1.25", "0.30", "0.50", "0.03");
    }

    @Test
    void costPricesEachKindOfTokenApartAndExactly() {
        Tokens tokens = new Tokens(15, 440, 27000, 1000, 51200);

        BigDecimal cost = prices.cost("claude-sonnet-4-20250514", tokens).orElseThrow();

        assertThat(cost).isEqualByComparingTo("0.129255");
    }

    @Test
    void theTableIsDatedAndNamesItsSource() {
        assertThat(prices.date()).isAfter(LocalDate.of(2025, 1, 1));
        assertThat(prices.source()).contains("claude.com");
        assertThat(prices.models()).extracting(ModelPrice::displayName).contains("Opus 4.1", "Sonnet 4.5",
                "Haiku 3.5", "Haiku 3");
    }

    @Test
    void anOverrideFileReplacesARowAndAddsNewOnes() throws IOException {
        Path file = temp.resolve("prices.json");
        Files.writeString(file, "{\"date\": \"2027-01-15\", \"source\": \"our contract\", \"models\": ["
                + "{\"id\": \"claude-sonnet-4-5-20250929\", \"displayName\": \"Sonnet 4.5 (contract)\","
                + " \"input\": 2, \"output\": 10, \"cacheWrite5m\": 2.5, \"cacheWrite1h\": 4, \"cacheRead\": 0.2},"
                + "{\"id\": \"claude-nova-9\", \"family\": \"nova\", \"version\": \"9\", \"input\": 1, \"output\": 2,"
                + " \"cacheWrite5m\": 1.25, \"cacheWrite1h\": 2, \"cacheRead\": 0.1}]}");

        PriceTable table = PriceTable.withOverride(file);

        assertThat(table.date()).isEqualTo(LocalDate.of(2027, 1, 15));
        assertThat(table.source()).isEqualTo("our contract");
        assertThat(table.find("us.anthropic.claude-sonnet-4-5-20250929-v1:0")).map(ModelPrice::displayName)
                .contains("Sonnet 4.5 (contract)");
        assertThat(table.find("claude-nova-9-20270101")).map(ModelPrice::input).hasValueSatisfying(
                input -> assertThat(input).isEqualByComparingTo("1"));
        assertThat(table.find("claude-opus-4-1")).isPresent();
        assertThat(table.models()).filteredOn(price -> price.id().startsWith("claude-sonnet-4-5")).hasSize(1);
    }

    @Test
    void aBrokenOverrideFileIsBadInputThatNamesTheFileAndTheProblem() throws IOException {
        Path file = temp.resolve("prices.json");
        Files.writeString(file, "{\"date\": \"2027-01-15\", \"source\": \"x\", \"models\": [{\"id\": \"claude-x-1\","
                + " \"input\": 1}]}");

        assertThatThrownBy(() -> PriceTable.withOverride(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("claude-x-1");
        Files.writeString(file, "{ not json");
        assertThatThrownBy(() -> PriceTable.withOverride(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> PriceTable.withOverride(temp.resolve("missing.json")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("does not exist");
    }

    private void assertPrices(String model, String input, String output, String write5m, String write1h,
                              String read) {
        ModelPrice price = prices.find(model).orElseThrow();
        assertThat(price.input()).isEqualByComparingTo(input);
        assertThat(price.output()).isEqualByComparingTo(output);
        assertThat(price.cacheWrite5m()).isEqualByComparingTo(write5m);
        assertThat(price.cacheWrite1h()).isEqualByComparingTo(write1h);
        assertThat(price.cacheRead()).isEqualByComparingTo(read);
    }
}
