package dev.burnwatch.ui.dashboard;

import static dev.burnwatch.ui.common.TestHosts.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.ui.common.ConsoleEvents;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.FxSupport;
import dev.burnwatch.ui.common.TestHosts;
import dev.burnwatch.ui.common.UiExecutor;
import dev.burnwatch.usage.ApiCall;
import java.time.Instant;
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
        FxSupport.onFx(() -> {
            model.close();
            return null;
        });
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
