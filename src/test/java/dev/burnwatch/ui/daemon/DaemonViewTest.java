package dev.burnwatch.ui.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.daemon.ChangeHistory;
import dev.burnwatch.host.LocalHost;
import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.EngineUsageSource;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.FxDialogs;
import dev.burnwatch.ui.common.FxSupport;
import dev.burnwatch.ui.common.HostItem;
import dev.burnwatch.ui.common.HostLink;
import dev.burnwatch.ui.common.TestHosts;
import dev.burnwatch.ui.common.Theme;
import dev.burnwatch.ui.common.UiExecutor;
import dev.burnwatch.usage.UsageEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon screen as laid out in a window of the width an operator's laptop gives it. */
class DaemonViewTest {

    @TempDir
    Path dir;

    private final UiExecutor executor = new UiExecutor();
    private final EventBus bus = new EventBus();
    private ConsoleModel model;
    private Stage stage;
    private DaemonView view;

    @BeforeAll
    static void toolkit() {
        FxSupport.startToolkit();
    }

    @BeforeEach
    void open() throws Exception {
        Path script = dir.resolve("agent_daemon.sh");
        Files.writeString(script, "#!/bin/bash\nwhile true; do\n  claude -p \"$(cat task.txt)\"\ndone\n");
        ChangeHistory history = new ChangeHistory(dir.resolve("home/history.sqlite"));
        EngineUsageSource usage = new EngineUsageSource(HostLink.local(), new UsageEngine(dir.resolve("home/index")),
                new ReentrantLock(), Map.of("CLAUDE_CONFIG_DIR", Files.createDirectories(dir.resolve("claude"))
                        .toString()));
        HostItem host = new HostItem(LocalHost.ID, "This machine", "test", usage, null);
        FxSupport.onFx(() -> {
            model = TestHosts.model(executor, bus);
            stage = new Stage();
            view = new DaemonView(model, bus, executor, new FxDialogs(stage), history, PriceTable.bundled().models());
            // About what the screen gets of a 1360 px window beside the sidebar.
            Scene scene = new Scene(view, 1100, 760);
            Theme.LIGHT.applyTo(scene);
            stage.setScene(scene);
            stage.show();
            model.addHost(host);
            view.viewModel().scriptPathProperty().set(script.toString());
            view.viewModel().load();
            return null;
        });
        FxSupport.waitFor("the script", () -> view.viewModel().loadedProperty().get() != null
                && !view.viewModel().busyProperty().get());
    }

    @AfterEach
    void close() throws Exception {
        FxSupport.onFx(() -> {
            stage.close();
            model.close();
            return null;
        });
        executor.close();
    }

    @Test
    void previewAndApplyKeepTheirWholeLabelBesideTheHintAndBesideAProblem() throws Exception {
        String besideHint = FxSupport.onFx(this::buttonLabelsAsShown);
        FxSupport.onFx(() -> {
            view.viewModel().hardStopProperty().set("25:00");
            return null;
        });
        Thread.sleep(200);
        String besideProblem = FxSupport.onFx(this::buttonLabelsAsShown);

        assertThat(besideHint).isEqualTo("Preview|Apply  (Ctrl+Enter)");
        assertThat(besideProblem).isEqualTo("Preview|Apply  (Ctrl+Enter)");
        assertThat(FxSupport.onFx(() -> view.lookup("#daemon-problem").isVisible())).isTrue();
    }

    @Test
    void aStepsOutputShowsItsLastLinesWhereTheRestartIs() throws Exception {
        String journal = IntStream.range(0, 80).mapToObj(n -> "Nov 0" + (1 + n % 9) + " old journal line " + n)
                .collect(Collectors.joining("\n")) + "\nStarted agent-daemon.service.";

        FxSupport.onFx(() -> {
            view.viewModel().steps().get(1).outputProperty().set(journal);
            return null;
        });
        Thread.sleep(300);

        TextArea output = (TextArea) view.lookup("#step-restart-output");
        assertThat(FxSupport.onFx(() -> output.getScrollTop())).isGreaterThan(0);
    }

    private String buttonLabelsAsShown() {
        view.applyCss();
        view.layout();
        return shown((Button) view.lookup("#daemon-preview")) + "|" + shown((Button) view.lookup("#daemon-apply"));
    }

    /** The label as drawn: a button too narrow for its text draws it cut short with an ellipsis. */
    private static String shown(Button button) {
        return ((Text) button.lookup(".text")).getText();
    }
}
