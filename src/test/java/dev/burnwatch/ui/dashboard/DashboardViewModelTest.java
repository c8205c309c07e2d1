package dev.burnwatch.ui.dashboard;

import static dev.burnwatch.monitor.TestChanges.patch;
import static dev.burnwatch.monitor.TestChanges.rollback;
import static dev.burnwatch.ui.common.TestHosts.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.monitor.ChangeEffect;
import dev.burnwatch.ui.common.ConsoleEvents;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.FxSupport;
import dev.burnwatch.ui.common.TestHosts;
import dev.burnwatch.ui.common.UiExecutor;
import dev.burnwatch.usage.ApiCall;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DashboardViewModelTest {

    private final UiExecutor executor = new UiExecutor();
    private final EventBus bus = new EventBus();
    private ConsoleModel model;
    private DashboardViewModel viewModel;

    @BeforeAll
    static void toolkit() {
        FxSupport.startToolkit();
    }

    @AfterEach
    void close() throws Exception {
        if (model != null) {
            FxSupport.onFx(() -> {
                model.close();
                return null;
            });
        }
        executor.close();
    }

    @Test
    void showsTheBurnAndTheEffectOfTheLastChangeAsNumbers() throws Exception {
        List<ApiCall> calls = new ArrayList<>();
        calls.add(call("h1", "before", "2026-01-05T08:00:00Z", 1_000_000));
        calls.add(call("h1", "before", "2026-01-05T08:10:00Z", 1_000_000));
        calls.add(call("h1", "after", "2026-01-05T11:30:00Z", 100_000));
        calls.add(call("h1", "after", "2026-01-05T11:40:00Z", 100_000));
        open(calls);

        FxSupport.onFx(() -> {
            model.changes().put("h1", List.of(Instant.parse("2026-01-05T10:00:00Z")));
            return null;
        });

        assertThat(FxSupport.onFx(() -> viewModel.figuresProperty().get().spendToday())).isEqualByComparingTo("6.6");
        assertThat(FxSupport.onFx(() -> viewModel.figuresProperty().get().sessionsToday())).isEqualTo(2);
        assertThat(FxSupport.onFx(() -> viewModel.sessionBars().stream().map(b -> b.sessionId()).toList()))
                .containsExactly("before", "after");
        assertThat(FxSupport.onFx(() -> viewModel.effectProperty().get().tokensPerMinuteChange()))
                .isCloseTo(-0.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(FxSupport.onFx(() -> viewModel.days().size())).isEqualTo(1);
    }

    @Test
    void clickingASessionBarOpensThatSessionOnTheSessionsScreen() throws Exception {
        open(List.of(call("h1", "s1", "2026-01-05T08:00:00Z", 10)));
        List<Object> events = new CopyOnWriteArrayList<>();
        FxSupport.onFx(() -> {
            bus.subscribe(ConsoleEvents.Navigate.class, events::add);
            bus.subscribe(ConsoleEvents.OpenSession.class, events::add);
            viewModel.openSession(viewModel.sessionBars().get(0));
            return null;
        });

        assertThat(events).containsExactly(new ConsoleEvents.Navigate(ConsoleEvents.Screen.SESSIONS),
                new ConsoleEvents.OpenSession("h1", "s1"));
    }

    @Test
    void sessionsAtTheCapCountEachSessionAgainstTheCapInForceWhenItRan() throws Exception {
        Instant capped = Instant.parse("2026-01-05T10:30:00Z");
        Instant rolledBack = Instant.parse("2026-01-05T11:30:00Z");
        List<ApiCall> calls = new ArrayList<>();
        addSession(calls, "before-any-cap", capped.minusSeconds(3600), 30);
        addSession(calls, "under-cap", capped.plusSeconds(60), 30);
        addSession(calls, "after-rollback", rolledBack.plusSeconds(60), 30);
        open(calls);

        FxSupport.onFx(() -> {
            model.setChangeRecords("h1", List.of(patch(1, capped, 30, "orig", "c30"),
                    rollback(2, rolledBack, "orig")));
            model.changes().put("h1", List.of(capped, rolledBack));
            return null;
        });
        FxSupport.waitFor("the session at the cap", () -> viewModel.figuresProperty().get().sessionsAtCap() == 1);

        assertThat(FxSupport.onFx(() -> viewModel.sessionBars().stream().filter(b -> b.hitTheCap())
                .map(b -> b.sessionId()).toList())).containsExactly("under-cap");
        assertThat(FxSupport.onFx(() -> viewModel.capTextProperty().get())).isEqualTo("no turn cap in the script");
    }

    @Test
    void theEffectCaptionCountsOneSessionAndOneTurnInTheSingular() {
        ChangeEffect effect = new ChangeEffect(Instant.parse("2026-01-05T10:00:00Z"),
                new ChangeEffect.Side(3, 1000, 42, new BigDecimal("0.5")),
                new ChangeEffect.Side(1, 100, 1, new BigDecimal("0.01")));

        String caption = DashboardViewModel.effectCaption(effect, ZoneOffset.UTC);

        assertThat(caption).contains("Before: 3 sessions, 42 turns and").contains("After: 1 session, 1 turn and")
                .doesNotContain("1 sessions").doesNotContain("1 turns");
    }

    private static void addSession(List<ApiCall> calls, String id, Instant first, int turns) {
        for (int turn = 0; turn < turns; turn++) {
            calls.add(call("h1", id, first.plusSeconds(30L * turn).toString(), 100));
        }
    }

    private void open(List<ApiCall> calls) throws Exception {
        FxSupport.onFx(() -> {
            model = TestHosts.model(executor, bus);
            viewModel = new DashboardViewModel(model, bus);
            model.addHost(TestHosts.host("h1", Instant.parse("2026-01-05T12:00:00Z"), () -> List.copyOf(calls)));
            return null;
        });
        FxSupport.waitFor("the figures", () -> viewModel.figuresProperty().get() != null);
    }
}
