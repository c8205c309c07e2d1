package dev.burnwatch.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnwatch.config.AppDirs;
import dev.burnwatch.host.EmbeddedSshServer;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.HostStore;
import dev.burnwatch.monitor.HostState;
import dev.burnwatch.monitor.SessionRecord;
import dev.burnwatch.ui.common.HostItem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.CheckBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console driven as an operator would: add a host reached over SSH (the embedded
 * server), trust its key on first contact, and see its sessions with the figures the
 * fixture's expected report gives.
 */
class ConsoleHostFlowTest extends FxRobot {

    @TempDir
    Path dir;

    private EmbeddedSshServer server;
    private ConsoleApp app;
    private AppDirs dirs;

    @BeforeEach
    void start() throws Exception {
        System.setProperty("burnwatch.home", dir.resolve("home").toString());
        dirs = AppDirs.fromEnvironment();
        server = EmbeddedSshServer.start(dir.resolve("server"));
        copy(Path.of(System.getProperty("burnwatch.fixtures"), "transcripts", "basic"),
                server.home().resolve(".claude"));

        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(dirs, () -> new DefaultBackend(dirs,
                Map.of()) {
            @Override
            public List<HostItem> startupHosts() {
                return List.of();
            }
        }));
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        server.close();
        System.clearProperty("burnwatch.home");
    }

    @Test
    void anOperatorAddsAHostTrustsItsKeyAndSeesItsSessionsPricedAsTheReportPricesThem() throws Exception {
        clickOn("#host-add");
        waitUntil("the host form", () -> lookup("#host-name").tryQuery().isPresent());
        interact(() -> {
            field("#host-name").setText("box");
            field("#host-address").setText(server.address());
            field("#host-port").setText(String.valueOf(server.port()));
            field("#host-user").setText(server.user());
            field("#host-identity").setText(server.clientKey().toString());
            lookup(n -> n instanceof CheckBox c && c.getText().contains("ssh-agent")).queryAs(CheckBox.class)
                    .setSelected(false);
        });
        clickOn("#host-save");
        waitUntil("the trust question", () -> lookup(".dialog-pane").tryQuery().map(p -> ((DialogPane) p)
                .getContentText()).filter(t -> t.contains("SHA256")).isPresent());

        String question = lookup(".dialog-pane").queryAs(DialogPane.class).getContentText();
        interact(() -> ((javafx.scene.control.Button) lookup(".dialog-pane").queryAs(DialogPane.class)
                .lookupButton(javafx.scene.control.ButtonType.YES)).fire());
        waitUntil("the host to be live", () -> app.model().host(hostId()).map(h -> h.stateProperty().get()
                == HostState.LIVE && h.figuresProperty().get() != null).orElse(false));
        clickOn("#nav-sessions");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(question).contains(server.hostKeyFingerprint());
        assertThat(Files.readString(dirs.knownHostsFile())).contains("[127.0.0.1]:" + server.port());
        assertThat(new HostStore(dirs.hostsFile()).list()).extracting(HostConfig::name).containsExactly("box");
        HostItem host = app.model().host(hostId()).orElseThrow();
        JsonNode expected = new ObjectMapper().readTree(Path.of(System.getProperty("burnwatch.fixtures"),
                "transcripts", "basic", "expected.json").toFile()).path("UTC");
        List<SessionRecord> sessions = host.figuresProperty().get().sessions();
        assertThat(sessions).hasSize(expected.path("sessions").size());
        for (SessionRecord session : sessions) {
            JsonNode want = expected.path("sessions").path(session.sessionId());
            assertThat(session.apiCalls()).isEqualTo(want.path("apiCalls").asInt());
            assertThat(session.tokens().cacheRead()).isEqualTo(want.path("cacheReadTokens").asLong());
            assertThat(session.costUsd().setScale(6, RoundingMode.HALF_UP))
                    .isEqualByComparingTo(want.path("costUsd").decimalValue());
        }
        TableView<?> table = lookup("#sessions-table").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(2);
        BigDecimal total = host.figuresProperty().get().days().stream()
                .map(d -> d.costUsd()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(total.setScale(6, RoundingMode.HALF_UP)).isEqualByComparingTo(expected.path("totals")
                .path("costUsd").decimalValue());
    }

    private String hostId() {
        return server.user() + "@" + server.address() + ":" + server.port();
    }

    private TextField field(String id) {
        return lookup(id).queryAs(TextField.class);
    }

    private static void waitUntil(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Timed out waiting for " + what, e);
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
