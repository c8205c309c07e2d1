package dev.burnwatch.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.daemon.ChangeHistory;
import dev.burnwatch.daemon.ChangeRecord;
import dev.burnwatch.demo.DemoOptions;
import dev.burnwatch.monitor.HostState;
import dev.burnwatch.ui.common.HostItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The fix through the console, on the embedded demo host it opens when no host is saved:
 * read the script, cap turns and pin Haiku with a preview, apply, and see the steps and the
 * history entry.
 */
class ConsoleDaemonFlowTest extends FxRobot {

    @TempDir
    Path dir;

    private ConsoleApp app;
    private AppDirs dirs;

    @BeforeEach
    void start() throws Exception {
        System.setProperty("burnwatch.home", dir.toString());
        dirs = AppDirs.fromEnvironment();
        DemoOptions demo = DemoOptions.defaults().withHistoryDays(1).withTurnPause(Duration.ofMillis(100))
                .withTaskInterval(Duration.ofMinutes(10));
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(dirs,
                () -> new DefaultBackend(dirs, Map.of(), demo)));
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        System.clearProperty("burnwatch.home");
    }

    @Test
    void anOperatorCapsTurnsAndPinsHaikuWithAPreviewAppliesItAndSeesTheStepsAndTheHistory() throws Exception {
        waitUntil("the demo host to be live", () -> app.model().hosts().size() == 1
                && app.model().hosts().get(0).stateProperty().get() == HostState.LIVE);
        clickOn("#nav-daemon");
        waitUntil("the script", () -> !label("#daemon-current").getText().isEmpty());
        String before = label("#daemon-current").getText();

        interact(() -> {
            lookup("#daemon-max-turns").queryAs(TextField.class).setText("30");
            @SuppressWarnings("unchecked")
            ComboBox<String> model = lookup("#daemon-model").queryAs(ComboBox.class);
            model.setValue(model.getItems().stream().filter(m -> m.contains("haiku-4-5")).findFirst().orElseThrow());
        });
        clickOn("#daemon-preview");
        waitUntil("the diff", () -> !lookup("#daemon-diff").queryAs(TextArea.class).getText().isEmpty());
        String diff = lookup("#daemon-diff").queryAs(TextArea.class).getText();
        clickOn("#daemon-apply");
        waitUntil("the history entry", () -> lookup("#daemon-history").queryAs(TableView.class).getItems().size() == 1
                && !label("#step-restart").getText().equals("running")
                && !label("#step-restart").getText().equals("waiting"));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(before).contains("Cap: none");
        assertThat(diff).contains("+").contains("--max-turns 30").contains("haiku");
        assertThat(label("#step-write").getText()).isEqualTo("ok");
        assertThat(lookup("#step-write-output").queryAs(TextArea.class).getText()).contains("Backup:");
        HostItem host = app.model().hosts().get(0);
        List<ChangeRecord> records = new ChangeHistory(dirs.historyFile()).list(host.id());
        assertThat(records).hasSize(1);
        assertThat(records.get(0).settings()).contains("\"maxTurns\":30", "haiku");
        String script = Files.readString(Path.of(records.get(0).path()));
        assertThat(script).contains("--max-turns 30");
        assertThat(lookup("#step-restart-output").queryAs(TextArea.class).getText()).contains("agent-daemon");
        assertThat(label("#step-restart").getText()).as(lookup("#step-restart-output").queryAs(TextArea.class)
                .getText()).isEqualTo("ok");
        waitUntil("the verify step", () -> label("#step-verify").getText().equals("ok")
                || label("#step-verify").getText().equals("failed"));
        assertThat(label("#step-verify").getText()).as(lookup("#step-verify-output").queryAs(TextArea.class)
                .getText()).isEqualTo("ok");
        assertThat(lookup("#step-verify-output").queryAs(TextArea.class).getText()).contains("grep", "PASS");

        clickOn("#daemon-watch");
        waitUntil("the next sessions' verdicts", () -> label("#step-watch").getText().equals("ok")
                || label("#step-watch").getText().equals("failed"));
        String proof = lookup("#step-watch-output").queryAs(TextArea.class).getText();
        assertThat(label("#step-watch").getText()).as(proof).isEqualTo("ok");
        assertThat(proof).contains("PASS", "haiku");
    }

    private Label label(String id) {
        return lookup(id).queryAs(Label.class);
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Timed out waiting for " + what, e);
        }
    }
}
