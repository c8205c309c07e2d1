package dev.burnwatch.ui.sessions;

import static dev.burnwatch.ui.common.TestHosts.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.FxSupport;
import dev.burnwatch.ui.common.TestHosts;
import dev.burnwatch.ui.common.UiExecutor;
import java.time.Instant;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionsViewTest {

    private final UiExecutor executor = new UiExecutor();
    private final EventBus bus = new EventBus();
    private ConsoleModel model;
    private SessionsView view;

    @BeforeAll
    static void toolkit() {
        FxSupport.startToolkit();
    }

    @BeforeEach
    void open() throws Exception {
        view = FxSupport.onFx(() -> {
            model = TestHosts.model(executor, bus);
            model.addHost(TestHosts.host("h1", Instant.parse("2026-01-05T12:00:00Z"),
                    () -> List.of(call("h1", "only-one", "2026-01-05T10:00:00Z", 100))));
            SessionsView created = new SessionsView(model, bus, executor, null, null);
            new Scene(created, 1200, 800);
            created.applyCss();
            created.layout();
            return created;
        });
        FxSupport.waitFor("the session", () -> table().getItems().size() == 1);
    }

    @AfterEach
    void close() throws Exception {
        TestHosts.close(model, executor);
    }

    @Test
    void theTableGetsItsWidthBackWhenTheWindowGrowsAfterBeingSmall() throws Exception {
        double before = FxSupport.onFx(() -> tableWidthAt(1200));

        FxSupport.onFx(() -> tableWidthAt(700));
        double after = FxSupport.onFx(() -> tableWidthAt(1200));
        double detail = FxSupport.onFx(() -> split().getItems().get(1).getLayoutBounds().getWidth());

        assertThat(after).isGreaterThanOrEqualTo(before - 1);
        assertThat(detail).isLessThanOrEqualTo(SessionsView.DETAIL_MAX_WIDTH);
    }

    @Test
    void aSearchThatMatchesNothingSaysSoAndNamesTheText() throws Exception {
        String empty = FxSupport.onFx(() -> {
            ((javafx.scene.control.TextField) view.lookup("#session-search")).setText("nothing-like-it");
            return ((Label) table().getPlaceholder()).getText();
        });

        assertThat(empty).isEqualTo("No sessions match 'nothing-like-it'.");
    }

    private double tableWidthAt(double width) {
        view.resize(width, 800);
        view.applyCss();
        view.layout();
        return table().getWidth();
    }

    @SuppressWarnings("unchecked")
    private TableView<SessionsViewModel.SessionRow> table() {
        return (TableView<SessionsViewModel.SessionRow>) view.lookup("#sessions-table");
    }

    private SplitPane split() {
        return (SplitPane) view.getChildren().get(1);
    }
}
