package dev.burnwatch.usage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Builds transcript lines and files for tests, in the shape the claude CLI writes them. */
final class Lines {

    static final String SESSION = "11111111-aaaa-4bbb-8ccc-000000000001";

    private Lines() {
    }

    /** An assistant line with usage; {@code requestId} may be null (then none is written). */
    static String assistant(String messageId, String requestId, String model, String timestamp, long input,
                            long output, long write5m, long write1h, long read, boolean sidechain) {
        String id = messageId == null ? "" : "\"id\":\"" + messageId + "\",";
        String request = requestId == null ? "" : ",\"requestId\":\"" + requestId + "\"";
        return "{\"parentUuid\":null,\"isSidechain\":" + sidechain + ",\"userType\":\"external\","
                + "\"cwd\":\"/home/ubuntu/agent\",\"sessionId\":\"" + SESSION + "\",\"version\":\"2.0.31\","
                + "\"type\":\"assistant\",\"uuid\":\"u\",\"timestamp\":\"" + timestamp + "\","
                + "\"message\":{" + id + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"done\"}],\"stop_reason\":null,"
                + "\"usage\":{\"input_tokens\":" + input + ",\"cache_creation_input_tokens\":" + (write5m + write1h)
                + ",\"cache_read_input_tokens\":" + read + ",\"output_tokens\":" + output
                + ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":" + write5m
                + ",\"ephemeral_1h_input_tokens\":" + write1h + "},\"service_tier\":\"standard\"}}" + request + "}";
    }

    static String assistant(String messageId, String requestId, long input, long output) {
        return assistant(messageId, requestId, "claude-sonnet-4-20250514", "2026-11-30T10:00:00.000Z", input, output,
                0, 0, 0, false);
    }

    static String user(String text) {
        return "{\"parentUuid\":null,\"isSidechain\":false,\"cwd\":\"/home/ubuntu/agent\",\"sessionId\":\"" + SESSION
                + "\",\"type\":\"user\",\"timestamp\":\"2026-11-30T10:00:00.000Z\",\"message\":{\"role\":\"user\","
                + "\"content\":\"" + text + "\"}}";
    }

    /** The transcript file of {@link #SESSION} in a config dir. */
    static Path transcript(Path configDir) throws IOException {
        Path folder = configDir.resolve("projects").resolve("-home-ubuntu-agent");
        Files.createDirectories(folder);
        return folder.resolve(SESSION + ".jsonl");
    }

    static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    static void append(Path file, String content) throws IOException {
        Files.write(file, content.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }
}
