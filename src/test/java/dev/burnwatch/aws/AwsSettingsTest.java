package dev.burnwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnwatch.BadInputException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsSettingsTest {

    @TempDir
    Path configDir;

    @Test
    void withoutASavedFileTheDefaultsAreAFiveDollarBudgetAndThirtyDays() {
        AwsSettings settings = AwsSettings.load(configDir);

        assertThat(settings.profile()).isNull();
        assertThat(settings.region()).isNull();
        assertThat(settings.budgetUsdPerDay()).isEqualByComparingTo("5");
        assertThat(settings.costDays()).isEqualTo(30);
    }

    @Test
    void savedSettingsComeBackAndHoldNoSecrets() throws Exception {
        AwsSettings settings = new AwsSettings("work", "eu-west-1", new BigDecimal("12.5"),
                "arn:aws:sns:eu-west-1:123456789012:burn", 14);

        settings.save(configDir);
        AwsSettings loaded = AwsSettings.load(configDir);

        assertThat(loaded).isEqualTo(settings);
        String file = Files.readString(configDir.resolve("aws.json"));
        assertThat(file).doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("accessKey");
        try (var files = Files.list(configDir)) {
            assertThat(files).containsExactly(configDir.resolve("aws.json"));
        }
    }

    @Test
    void aBrokenFileIsBadInputNamingTheFile() throws Exception {
        Files.writeString(configDir.resolve("aws.json"), "{ not json");

        assertThatThrownBy(() -> AwsSettings.load(configDir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(configDir.resolve("aws.json").toString());
    }

    @Test
    void aBudgetOfZeroIsRefused() {
        assertThatThrownBy(() -> new AwsSettings(null, null, BigDecimal.ZERO, null, null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("budget");
    }
}
