package dev.burnwatch.ui.sessions;

import static dev.burnwatch.monitor.TestChanges.patch;
import static dev.burnwatch.monitor.TestChanges.rollback;
import static dev.burnwatch.ui.common.TestHosts.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.ui.common.ConsoleEvents;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.FxSupport;
import dev.burnwatch.ui.common.HostItem;
import dev.burnwatch.ui.common.TestHosts;
import dev.burnwatch.ui.common.UiExecutor;
import dev.burnwatch.usage.ApiCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionsViewModelTest {

    private final UiExecutor executor = new UiExecutor();
    private final EventBus bus = new EventBus();
    private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
    private ConsoleModel model;
    private HostItem host;
    private SessionsViewModel viewModel;

    @BeforeAll
    static void toolkit() {
        FxSupport.startToolkit();
    }

    @BeforeEach
    void open() throws Exception {
        for (int turn = 0; turn < 5; turn++) {
            calls.add(call("h1", "long-one", "2026-01-05T09:0" + turn + ":00Z", 100));
        }
        calls.add(call("h1", "short-one", "2026-01-05T10:00:00Z", 100));
        host = TestHosts.host("h1", Instant.parse("2026-01-05T12:00:00Z"), () -> new ArrayList<>(calls));
        FxSupport.onFx(() -> {
            model = TestHosts.model(executor, bus);
            host.capProperty().set(5);
            viewModel = new SessionsViewModel(model, bus);
            model.addHost(host);
            return null;
        });
        FxSupport.waitFor("the sessions", () -> viewModel.rows().size() == 2);
    }

    @AfterEach
    void close() throws Exception {
        TestHosts.close(model, executor);
    }

    @Test
    void filtersBySearchTextAndBySessionsThatHitTheCap() throws Exception {
        List<String> bySearch = FxSupport.onFx(() -> {
            viewModel.searchProperty().set("SHORT");
            return ids();
        });
        List<String> capped = FxSupport.onFx(() -> {
            viewModel.searchProperty().set("");
            viewModel.cappedOnlyProperty().set(true);
            return ids();
        });

        assertThat(bySearch).containsExactly("short-one");
        assertThat(capped).containsExactly("long-one");
    }

    @Test
    void opensASessionAskedForOnTheBusAndKeepsItSelectedAcrossRefreshes() throws Exception {
        FxSupport.onFx(() -> {
            viewModel.searchProperty().set("short");
            bus.publish(new ConsoleEvents.OpenSession("h1", "long-one"));
            return null;
        });

        calls.add(call("h1", "long-one", "2026-01-05T09:06:00Z", 100));
        FxSupport.onFx(() -> {
            model.refreshAll();
            return null;
        });
        FxSupport.waitFor("the sixth turn", () -> viewModel.selectedProperty().get().session().turns() == 6);

        assertThat(FxSupport.onFx(() -> viewModel.selectedProperty().get().session().sessionId()))
                .isEqualTo("long-one");
        assertThat(FxSupport.onFx(() -> viewModel.searchProperty().get())).isEmpty();
        assertThat(FxSupport.onFx(() -> viewModel.selectedProperty().get().hitTheCap())).isTrue();
    }

    @Test
    void showsASessionThatStartsAfterTheFirstLoadWithoutAReload() throws Exception {
        calls.add(call("h1", "new-one", "2026-01-05T11:00:00Z", 100));

        FxSupport.onFx(() -> {
            model.refreshAll();
            return null;
        });
        FxSupport.waitFor("the new session", () -> viewModel.rows().size() == 3);

        assertThat(FxSupport.onFx(this::ids)).contains("new-one");
    }

    @Test
    void whileHiddenLeavesTheRowsAloneAndCatchesUpWhenShownAgain() throws Exception {
        FxSupport.onFx(() -> {
            viewModel.setShowing(false);
            return null;
        });
        calls.add(call("h1", "new-one", "2026-01-05T11:00:00Z", 100));
        FxSupport.onFx(() -> {
            model.refreshAll();
            return null;
        });
        FxSupport.waitFor("the refresh", () -> model.currentProperty().get().sessions().size() == 3);

        List<String> hidden = FxSupport.onFx(this::ids);
        List<String> shown = FxSupport.onFx(() -> {
            viewModel.setShowing(true);
            return ids();
        });

        assertThat(hidden).containsExactlyInAnyOrder("long-one", "short-one");
        assertThat(shown).containsExactlyInAnyOrder("long-one", "short-one", "new-one");
    }

    @Test
    void aSessionThatHitTheCapStillDidAfterTheCapIsRolledBack() throws Exception {
        Instant capped = Instant.parse("2026-01-05T10:30:00Z");
        Instant rolledBack = Instant.parse("2026-01-05T11:30:00Z");
        addSession("under-cap", capped.plusSeconds(60), 30);
        addSession("after-rollback", rolledBack.plusSeconds(60), 30);

        FxSupport.onFx(() -> {
            host.capProperty().set(0);
            model.setChangeRecords("h1", List.of(patch(1, capped, 30, "orig", "c30"),
                    rollback(2, rolledBack, "orig")));
            model.changes().put("h1", List.of(capped, rolledBack));
            viewModel.cappedOnlyProperty().set(true);
            return null;
        });
        FxSupport.waitFor("the sessions judged by the recorded caps",
                () -> viewModel.totalCount() == 4 && viewModel.rows().size() == 1);

        assertThat(FxSupport.onFx(this::ids)).containsExactly("under-cap");
    }

    @Test
    void aFilterThatHidesTheSelectedSessionClearsTheDetailAndSaysWhatMatchedNothing() throws Exception {
        FxSupport.onFx(() -> {
            bus.publish(new ConsoleEvents.OpenSession("h1", "long-one"));
            viewModel.searchProperty().set("zzz");
            return null;
        });

        assertThat(FxSupport.onFx(() -> viewModel.selectedProperty().get())).isNull();
        assertThat(FxSupport.onFx(() -> viewModel.emptyTextProperty().get())).isEqualTo("No sessions match 'zzz'.");
    }

    @Test
    void theCapFilterWithNoSessionAtTheCapSaysSo() throws Exception {
        FxSupport.onFx(() -> {
            host.capProperty().set(0);
            return null;
        });
        FxSupport.waitFor("no session at the cap", () -> viewModel.rows().stream().noneMatch(r -> r.hitTheCap()));

        String text = FxSupport.onFx(() -> {
            viewModel.cappedOnlyProperty().set(true);
            return viewModel.emptyTextProperty().get();
        });

        assertThat(text).isEqualTo("No session in this selection hit the cap.");
    }

    private void addSession(String id, Instant first, int turns) {
        for (int turn = 0; turn < turns; turn++) {
            calls.add(call("h1", id, first.plusSeconds(30L * turn).toString(), 100));
        }
    }

    private List<String> ids() {
        return viewModel.rows().stream().map(r -> r.session().sessionId()).toList();
    }
}
