package dev.burnwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnwatch.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsSettingsTest {

    @TempDir
    Path configDir;

    @Test
    void withoutASavedFileTheDefaultsAreTheAwsChainAndThirtyDays() {
        AwsSettings settings = AwsSettings.load(configDir);

        assertThat(settings.profile()).isNull();
        assertThat(settings.region()).isNull();
        assertThat(settings.costDays()).isEqualTo(30);
        assertThat(settings.hostNames()).isEmpty();
    }

    @Test
    void savedSettingsComeBackAndHoldNoSecrets() throws Exception {
        AwsSettings settings = new AwsSettings("work", "eu-west-1", "arn:aws:sns:eu-west-1:123456789012:burn", 14,
                java.util.Map.of("ubuntu@10.0.0.5:22", "agents-prod"));

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
    void aFileFromBeforeTheOneBudgetStillLoadsAndTheOldBudgetIsDropped() throws Exception {
        Files.writeString(configDir.resolve("aws.json"), "{\"region\":\"eu-west-1\",\"budgetUsdPerDay\":12.5,"
                + "\"costDays\":14}");

        AwsSettings loaded = AwsSettings.load(configDir);
        loaded.save(configDir);

        assertThat(loaded.region()).isEqualTo("eu-west-1");
        assertThat(loaded.costDays()).isEqualTo(14);
        assertThat(Files.readString(configDir.resolve("aws.json"))).doesNotContain("budget");
    }

    @Test
    void aChosenHostNameIsKeptPerHostAndABlankOneFallsBackToTheHostsOwnName() {
        AwsSettings settings = AwsSettings.defaults().withHostName("ubuntu@a:22", " agents-prod ")
                .withHostName("ubuntu@b:22", "other");

        AwsSettings cleared = settings.withHostName("ubuntu@b:22", " ");

        assertThat(settings.hostNameFor("ubuntu@a:22")).contains("agents-prod");
        assertThat(cleared.hostNameFor("ubuntu@b:22")).isEmpty();
        assertThatThrownBy(() -> settings.withHostName("ubuntu@c:22", ":bad")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("cannot be a CloudWatch host name");
    }
}
