package dev.burnwatch.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {

    @TempDir
    Path home;

    @Test
    void remembersWindowHostIntervalBudgetAndTheme() throws Exception {
        SettingsStore store = new SettingsStore(home.resolve("config/settings.json"));
        ConsoleSettings settings = ConsoleSettings.defaults().withWindow(10, 20, 1200, 700, false)
                .withSelectedHost("ubuntu@10.0.0.5:22").withRefreshSeconds(30)
                .withBudgetUsd(new BigDecimal("12.5")).withTheme(Theme.DARK);

        store.save(settings);
        ConsoleSettings loaded = new SettingsStore(home.resolve("config/settings.json")).load();

        assertThat(loaded).isEqualTo(settings);
        assertThat(Files.list(home.resolve("config"))).extracting(Path::getFileName).extracting(Path::toString)
                .containsExactly("settings.json");
    }

    @Test
    void startsFromTheDefaultsWithoutAFile() {
        ConsoleSettings loaded = new SettingsStore(home.resolve("settings.json")).load();

        assertThat(loaded.refreshSeconds()).isEqualTo(10);
        assertThat(loaded.budgetUsd()).isEqualByComparingTo("5");
        assertThat(loaded.theme()).isEqualTo("light");
    }

    @Test
    void keepsAnUnreadableFileAndFallsBackToTheDefaults() throws Exception {
        Path file = home.resolve("settings.json");
        Files.writeString(file, "{ not json");

        ConsoleSettings loaded = new SettingsStore(file).load();

        assertThat(loaded).isEqualTo(ConsoleSettings.defaults());
        assertThat(Files.readString(file)).isEqualTo("{ not json");
    }

    @Test
    void fillsValuesAnOlderFileLacks() throws Exception {
        Path file = home.resolve("settings.json");
        Files.writeString(file, "{\"budgetUsd\": 8, \"someFutureField\": true}");

        ConsoleSettings loaded = new SettingsStore(file).load();

        assertThat(loaded.budgetUsd()).isEqualByComparingTo("8");
        assertThat(loaded.refreshSeconds()).isEqualTo(10);
        assertThat(loaded.windowWidth()).isEqualTo(1360.0);
    }
}
