package dev.burnwatch.ui.common;

import dev.burnwatch.monitor.HostReading;
import dev.burnwatch.usage.ApiCall;
import dev.burnwatch.usage.Tokens;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Hosts whose usage is a given list of API calls, and a console model around them. */
public final class TestHosts {

    private TestHosts() {
    }

    /** A host that reads {@code calls} with its clock at {@code now}. */
    public static HostItem host(String id, Instant now, Supplier<List<ApiCall>> calls) {
        UsageSource source = new UsageSource() {
            @Override
            public HostReading read() {
                return new HostReading(id, calls.get(), now, 0);
            }

            @Override
            public void close() {
            }
        };
        return new HostItem(id, id, "test host", source, null);
    }

    /** A model priced at $3 per million tokens of any kind, in UTC. Call on the FX thread. */
    /** Closes a test's console model on the JavaFX thread, then its executor. */
    public static void close(ConsoleModel model, UiExecutor executor) throws Exception {
        FxSupport.onFx(() -> {
            model.close();
            return null;
        });
        executor.close();
    }

    public static ConsoleModel model(UiExecutor executor, EventBus bus) {
        return new ConsoleModel(executor, bus, (m, t) -> Optional.of(BigDecimal.valueOf(t.total() * 3 / 1e6)),
                ZoneOffset.UTC);
    }

    /** A main-thread call of {@code tokens} input tokens. */
    public static ApiCall call(String host, String session, String at, long tokens) {
        return new ApiCall(host, session, "/home/ubuntu/agent", "claude-sonnet-4-20250514", Instant.parse(at), false,
                new Tokens(tokens, 0, 0, 0, 0));
    }
}
