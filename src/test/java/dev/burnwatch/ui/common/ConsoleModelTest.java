package dev.burnwatch.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.host.HostException;
import dev.burnwatch.monitor.Alert;
import dev.burnwatch.monitor.HostReading;
import dev.burnwatch.monitor.HostState;
import dev.burnwatch.usage.ApiCall;
import dev.burnwatch.usage.Tokens;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConsoleModelTest {

    private static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");

    private final UiExecutor executor = new UiExecutor();
    private final EventBus bus = new EventBus();
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private ConsoleModel model;

    @BeforeAll
    static void toolkit() {
        FxSupport.startToolkit();
    }

    @AfterEach
    void close() throws Exception {
        TestHosts.close(model, executor);
    }

    @Test
    void showsAHostsFiguresAfterItsFirstRefreshAndNewCallsAfterTheNext() throws Exception {
        AtomicReference<List<ApiCall>> calls = new AtomicReference<>(List.of(call("s1", "2026-01-05T11:30:00Z")));
        HostItem host = host("h1", () -> calls.get());
        model = FxSupport.onFx(() -> newModel(host));

        FxSupport.waitFor("the first figures", () -> model.currentProperty().get() != null);
        calls.set(List.of(call("s1", "2026-01-05T11:30:00Z"), call("s2", "2026-01-05T11:45:00Z")));
        FxSupport.onFx(() -> {
            model.refreshAll();
            return null;
        });
        FxSupport.waitFor("the second session", () -> model.currentProperty().get().sessions().size() == 2);

        assertThat(FxSupport.onFx(() -> host.stateProperty().get())).isEqualTo(HostState.LIVE);
        assertThat(FxSupport.onFx(() -> model.currentProperty().get().figures().spendToday()))
                .isEqualByComparingTo("6");
    }

    @Test
    void marksAHostThatStopsAnsweringAsDownAndRaisesAnAlert() throws Exception {
        AtomicBoolean reachable = new AtomicBoolean(true);
        HostItem host = host("h1", () -> {
            if (!reachable.get()) {
                throw new HostException(HostException.Kind.DISCONNECTED, "Connection to h1 reset.");
            }
            return List.of(call("s1", "2026-01-05T11:30:00Z"));
        });
        model = FxSupport.onFx(() -> newModel(host));
        FxSupport.waitFor("the host to answer", () -> host.stateProperty().get() == HostState.LIVE);

        reachable.set(false);
        FxSupport.onFx(() -> {
            model.refreshAll();
            return null;
        });
        FxSupport.waitFor("the host to be marked down", () -> host.stateProperty().get() == HostState.DOWN);

        assertThat(FxSupport.onFx(() -> host.problemProperty().get())).isEqualTo("Connection to h1 reset.");
        FxSupport.waitFor("the alert", () -> alerts.stream().anyMatch(a -> a.kind() == Alert.Kind.HOST_DOWN));
        assertThat(FxSupport.onFx(() -> host.figuresProperty().get())).isNotNull();
    }

    @Test
    void addsUpAllHostsWhenAllAreSelected() throws Exception {
        HostItem one = host("h1", () -> List.of(call("s1", "2026-01-05T11:30:00Z")));
        HostItem two = host("h2", () -> List.of(new ApiCall("h2", "s9", "/p", "m", Instant.parse(
                "2026-01-05T11:40:00Z"), false, new Tokens(1_000_000, 0, 0, 0, 0))));
        model = FxSupport.onFx(() -> newModel(one, two));

        FxSupport.waitFor("both hosts' sessions", () -> model.currentProperty().get() != null
                && model.currentProperty().get().sessions().size() == 2);
        FxSupport.onFx(() -> {
            model.selectedHostIdProperty().set("h2");
            return null;
        });

        assertThat(FxSupport.onFx(() -> model.currentProperty().get().sessions())).hasSize(1);
        assertThat(FxSupport.onFx(() -> model.currentProperty().get().figures().spendToday()))
                .isEqualByComparingTo("3");
    }

    private ConsoleModel newModel(HostItem... hosts) {
        ConsoleModel created = new ConsoleModel(executor, bus, (m, t) -> Optional.of(BigDecimal.valueOf(
                t.input() * 3 / 1_000_000.0)), ZoneOffset.UTC);
        bus.subscribe(ConsoleEvents.AlertRaised.class, event -> alerts.add(event.alert()));
        for (HostItem host : hosts) {
            created.addHost(host);
        }
        return created;
    }

    interface Calls {
        List<ApiCall> get() throws Exception;
    }

    private static HostItem host(String id, Calls calls) {
        UsageSource source = new UsageSource() {
            @Override
            public HostReading read() throws Exception {
                return new HostReading(id, calls.get(), NOW, 0);
            }

            @Override
            public void close() {
            }
        };
        return new HostItem(id, id, "test", source, null);
    }

    private static ApiCall call(String session, String at) {
        return new ApiCall("h1", session, "/home/ubuntu/agent", "claude-sonnet-4", Instant.parse(at), false,
                new Tokens(1_000_000, 0, 0, 0, 0));
    }
}
