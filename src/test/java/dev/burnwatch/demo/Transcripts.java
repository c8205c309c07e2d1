package dev.burnwatch.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the demo's transcripts for the tests, by the counting rules of the fixtures' README
 * (one API call per message id and request id, from its largest line), and prices them
 * with the table there. Enough to check the story; the product's reader is elsewhere.
 */
final class Transcripts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Transcripts() {
    }

    /**
     * A session as the tests see it; {@code complete} once a later session has started (the
     * daemon runs one at a time, so only the newest one can still be running).
     */
    record Session(String id, Instant start, Instant end, int turns, Set<String> models, double costUsd,
            boolean complete) {
    }

    static List<Session> read(Path configDir) throws IOException {
        List<Session> sessions = new ArrayList<>();
        if (!Files.isDirectory(configDir.resolve("projects"))) {
            return sessions;
        }
        try (Stream<Path> files = Files.walk(configDir.resolve("projects"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                sessions.add(session(file));
            }
        }
        sessions.sort((a, b) -> a.start().compareTo(b.start()));
        List<Session> marked = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            Session s = sessions.get(i);
            marked.add(new Session(s.id(), s.start(), s.end(), s.turns(), s.models(), s.costUsd(),
                    i < sessions.size() - 1));
        }
        return marked;
    }

    private static Session session(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            Map<String, JsonNode> calls = new LinkedHashMap<>();
            Set<String> models = new LinkedHashSet<>();
            Instant start = null;
            Instant end = null;
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                Instant at = Instant.parse(node.path("timestamp").asText());
                start = start == null ? at : start;
                end = at;
                if (!node.path("type").asText().equals("assistant")) {
                    continue;
                }
                String key = node.path("message").path("id").asText() + "/" + node.path("requestId").asText();
                JsonNode known = calls.get(key);
                if (known == null || total(node) > total(known)) {
                    calls.put(key, node);
                }
                models.add(node.path("message").path("model").asText());
            }
            double cost = calls.values().stream().mapToDouble(Transcripts::cost).sum();
            String id = file.getFileName().toString().replace(".jsonl", "");
            return new Session(id, start, end, calls.size(), models, cost, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long total(JsonNode line) {
        JsonNode usage = line.path("message").path("usage");
        return usage.path("input_tokens").asLong() + usage.path("output_tokens").asLong()
                + usage.path("cache_creation_input_tokens").asLong() + usage.path("cache_read_input_tokens").asLong();
    }

    /** USD of one API call: Sonnet 4 and Haiku 4.5 prices, all writes 5-minute ones. */
    static double cost(JsonNode line) {
        String model = line.path("message").path("model").asText();
        JsonNode usage = line.path("message").path("usage");
        double[] price = model.contains("haiku") ? new double[] {1, 5, 1.25, 0.10} : new double[] {3, 15, 3.75, 0.30};
        return (usage.path("input_tokens").asLong() * price[0] + usage.path("output_tokens").asLong() * price[1]
                + usage.path("cache_creation_input_tokens").asLong() * price[2]
                + usage.path("cache_read_input_tokens").asLong() * price[3]) / 1_000_000;
    }
}
