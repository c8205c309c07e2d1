package dev.burnwatch.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnwatch.monitor.HostReading;
import dev.burnwatch.monitor.Pricing;
import dev.burnwatch.ui.common.ConsoleBackend;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.DialogService;
import dev.burnwatch.ui.common.HostItem;
import dev.burnwatch.ui.common.UiExecutor;
import dev.burnwatch.ui.common.UsageSource;
import dev.burnwatch.ui.hosts.HostActions;
import dev.burnwatch.usage.ApiCall;
import dev.burnwatch.usage.Tokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a local transcript folder for the console's development while the usage engine is
 * being built on its own branch; replaced by the engine once it is merged.
 */
final class InterimCorpus {

    static final Pricing PRICES = (model, t) -> {
        double[] p = model.contains("haiku") ? new double[] {1, 5, 1.25, 2, 0.10}
                : model.contains("opus-4-1") ? new double[] {15, 75, 18.75, 30, 1.50}
                : model.contains("sonnet") ? new double[] {3, 15, 3.75, 6, 0.30} : null;
        if (p == null) {
            return Optional.empty();
        }
        double usd = (t.input() * p[0] + t.output() * p[1] + t.cacheWrite5m() * p[2] + t.cacheWrite1h() * p[3]
                + t.cacheRead() * p[4]) / 1_000_000.0;
        return Optional.of(BigDecimal.valueOf(usd));
    };

    private InterimCorpus() {
    }

    static List<ApiCall> read(String hostId, Path configDir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, ApiCall> byId = new LinkedHashMap<>();
        List<ApiCall> loose = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(configDir.resolve("projects"))) {
            files = walk.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path file : files) {
            try (BufferedReader reader = Files.newBufferedReader(file)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.contains("\"assistant\"") || !line.contains("\"usage\"")) {
                        continue;
                    }
                    JsonNode node = mapper.readTree(line);
                    JsonNode usage = node.path("message").path("usage");
                    String model = node.path("message").path("model").asText("");
                    if (!"assistant".equals(node.path("type").asText()) || usage.isMissingNode()
                            || "<synthetic>".equals(model)) {
                        continue;
                    }
                    long write = usage.path("cache_creation_input_tokens").asLong();
                    long write1h = usage.path("cache_creation").path("ephemeral_1h_input_tokens").asLong();
                    Tokens tokens = new Tokens(usage.path("input_tokens").asLong(),
                            usage.path("output_tokens").asLong(), write - write1h, write1h,
                            usage.path("cache_read_input_tokens").asLong());
                    ApiCall call = new ApiCall(hostId, node.path("sessionId").asText(), node.path("cwd").asText(),
                            model, Instant.parse(node.path("timestamp").asText()),
                            node.path("isSidechain").asBoolean(), tokens);
                    String id = node.path("message").path("id").asText("");
                    if (id.isEmpty()) {
                        loose.add(call);
                        continue;
                    }
                    String key = id + "/" + node.path("requestId").asText("");
                    byId.merge(key, call, (a, b) -> b.tokens().total() > a.tokens().total() ? b : a);
                }
            }
        }
        List<ApiCall> calls = new ArrayList<>(byId.values());
        calls.addAll(loose);
        return calls;
    }

    /** A backend with one host: the folder, as of {@code now}. */
    static ConsoleBackend backend(String name, Path configDir, Instant now) {
        return new ConsoleBackend() {
            @Override
            public Pricing pricing() {
                return PRICES;
            }

            @Override
            public List<HostItem> startupHosts() {
                UsageSource source = new UsageSource() {
                    @Override
                    public HostReading read() throws Exception {
                        return new HostReading("local", InterimCorpus.read("local", configDir),
                                now == null ? Instant.now() : now, 0);
                    }

                    @Override
                    public void close() {
                    }
                };
                return List.of(new HostItem("local", name, configDir.toString(), source, null));
            }

            @Override
            public HostActions hostActions(ConsoleModel model, DialogService dialogs, UiExecutor executor) {
                return new HostActions() {
                    @Override
                    public void add() {
                    }

                    @Override
                    public void importFromSshConfig() {
                    }

                    @Override
                    public void edit(HostItem host) {
                    }

                    @Override
                    public void test(HostItem host) {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }
}
