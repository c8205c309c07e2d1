package dev.burnwatch.ui.costs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.FxSupport;
import dev.burnwatch.ui.common.UiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostsViewTest {

    @TempDir
    Path home;

    private final UiExecutor executor = new UiExecutor();

    @BeforeAll
    static void toolkit() {
        FxSupport.startToolkit();
    }

    @BeforeEach
    void start() {
        System.setProperty("burnwatch.home", home.toString());
    }

    @AfterEach
    void stop() {
        executor.close();
        System.clearProperty("burnwatch.home");
    }

    @Test
    void theConsoleScreenHasItsThreeTablesAndShowsWhyBrokenSettingsWereNotUsed() throws Exception {
        Files.writeString(home.resolve("aws.json"), "{ broken");

        CostsView view = FxSupport.onFx(() -> {
            CostsView created = CostsView.forConsole(new ConsoleModel(executor, new EventBus(),
                    (m, t) -> Optional.empty(), ZoneOffset.UTC), executor);
            new Scene(created, 1000, 800);
            created.applyCss();
            created.layout();
            return created;
        });

        assertThat(FxSupport.onFx(() -> view.lookupAll(".table-view").size())).isEqualTo(3);
        assertThat(FxSupport.onFx(() -> view.lookupAll(".label").stream().map(n -> ((Label) n).getText())
                .anyMatch(text -> text != null && text.contains("aws.json")))).isTrue();
        assertThat(FxSupport.onFx(() -> view.lookupAll(".table-view").stream().map(Node::getClass)
                .allMatch(TableView.class::isAssignableFrom))).isTrue();
    }
}
