package dev.burnwatch.daemon.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnwatch.BadInputException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PatchSettingsTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"30; rm -rf ~", "-1", "0", "1e9", "99999999999", "1001", "3 0", "0x1E", "+30",
        "30.0", "$(echo 30)", "`id`", "thirty", "３０"})
    void turnCapThatIsNotAPlainPositiveWholeNumberIsRefused(String hostile) {
        assertThatThrownBy(() -> PatchSettings.of(hostile, "haiku", null, null, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("--max-turns");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1001", "1000000000", "99999999999999999999", "0"})
    void aWholeNumberOutOfRangeGetsTheRangeMessage(String number) {
        assertThatThrownBy(() -> PatchSettings.of(number, "haiku", null, null, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--max-turns must be between 1 and 1000, got " + number + ".");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"claude haiku", "$(rm -rf ~)", "haiku;ls", "\"haiku\"", "'haiku'", "`id`", "-haiku",
        "--model", "haiku\nrm", "haiku|tee", "haiku&", "${HOME}", "haiku*", "h\u00e4iku"})
    void modelThatIsNotAPlainModelIdIsRefused(String hostile) {
        assertThatThrownBy(() -> PatchSettings.of("30", hostile, null, null, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("--model must be a plain model id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-haiku-4-5", "haiku", "sonnet", "opus", "claude-sonnet-4-20250514",
        "claude-sonnet-4-5[1m]", "anthropic.claude-sonnet-4-20250514-v1:0", "us.anthropic.claude-haiku-4-5-v1:0",
        "claude-sonnet-4@20250514", "claude-3-5-haiku-20241022"})
    void modelIdsAndAliasesAreAccepted(String model) {
        PatchSettings settings = PatchSettings.of("30", model, null, null, false);

        assertThat(settings.model()).isEqualTo(model);
    }

    @ParameterizedTest
    @ValueSource(strings = {"25:00", "4pm", "04:60", "04:00; reboot", "0400", "04:0", "-1:00"})
    void hardStopThatIsNotHourAndMinuteIsRefused(String hostile) {
        assertThatThrownBy(() -> PatchSettings.of("30", "haiku", hostile, null, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("--hard-stop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e3", "-1", "0", "0.00", "abc", "5; rm -rf ~", "1,50", "20000"})
    void budgetThatIsNotAPlainAmountIsRefused(String hostile) {
        assertThatThrownBy(() -> PatchSettings.of("30", "haiku", null, hostile, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("--max-budget-usd");
    }

    @Test
    void plainValuesAreRead() {
        PatchSettings settings = PatchSettings.of(" 30 ", "claude-haiku-4-5", "4:05", "2.50", true);

        assertThat(settings.maxTurns()).isEqualTo(30);
        assertThat(settings.hardStopUtc()).isEqualTo(LocalTime.of(4, 5));
        assertThat(settings.maxBudgetUsd()).isEqualByComparingTo(new BigDecimal("2.50"));
        assertThat(settings.guardExit()).isTrue();
    }

    @Test
    void blankOptionalValuesMeanNotAsked() {
        PatchSettings settings = PatchSettings.of("30", "haiku", " ", "", false);

        assertThat(settings.hardStopUtc()).isNull();
        assertThat(settings.maxBudgetUsd()).isNull();
    }

    @Test
    void settingsBuiltInCodeAreCheckedToo() {
        assertThatThrownBy(() -> new PatchSettings(30, "haiku $(id)", null, null, false))
                .isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> new PatchSettings(0, "haiku", null, null, false))
                .isInstanceOf(BadInputException.class);
    }

    @Test
    void hostileValuesAreRefusedBeforeTheScriptIsTouched(@TempDir Path temp) throws Exception {
        Path script = temp.resolve("agent_daemon.sh");
        Files.copy(FixtureScriptsPatchAndRunTest.fixtures().resolve("agent_daemon.sh"), script);
        byte[] original = Files.readAllBytes(script);

        assertThatThrownBy(() -> ScriptPatcher.patch(Files.readString(script),
                PatchSettings.of("30; rm -rf ~", "haiku", null, null, false)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--max-turns must be a plain whole number such as 30, got '30; rm -rf ~'. Give the number"
                        + " of turns a session may take, digits only.");

        assertThat(Files.readAllBytes(script)).isEqualTo(original);
    }
}
