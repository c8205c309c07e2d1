package dev.burnwatch.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Writes a session's transcript in the very format of the stand-in CLI ({@code bin/claude}):
 * the task line, then per turn a text and a tool-use line of one API response and a tool
 * result. The demo uses it for the history it writes into a new sandbox, which would take
 * the shell script minutes.
 */
final class TranscriptWriter {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String HEAD = "{\"parentUuid\":null,\"isSidechain\":false,\"userType\":\"external\","
            + "\"cwd\":\"%s\",\"sessionId\":\"%s\",\"version\":\"2.0.31\",\"gitBranch\":\"\",";

    private final Random random;

    TranscriptWriter(Random random) {
        this.random = random;
    }

    /** One session as the stand-in CLI would have written it; its lines end at {@link Session#end()}. */
    Session session(String cwd, String model, int turns, int contextTokens, int promptLength, Instant start,
            Duration turnGap) {
        String sessionId = UUID.randomUUID().toString();
        String head = String.format(Locale.ROOT, HEAD, cwd, sessionId);
        StringBuilder lines = new StringBuilder();
        lines.append(head).append("\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"task of ")
                .append(promptLength).append(" characters\"},\"uuid\":\"").append(UUID.randomUUID())
                .append("\",\"timestamp\":\"").append(TIMESTAMP.format(start)).append("\"}\n");
        Instant at = start;
        long context = contextTokens;
        for (int turn = 1; turn <= turns; turn++) {
            at = at.plusMillis(jittered(turnGap.toMillis()));
            int out = 60 + random.nextInt(700);
            long write = turn == 1 ? context : 300 + random.nextInt(3000);
            long read = turn == 1 ? 0 : context;
            String request = "req_011C" + rid(20);
            String message = "msg_01" + rid(22);
            lines.append(assistant(head, request, message, model, "{\"type\":\"text\",\"text\":\"Working on it.\"}",
                    "null", write, read, 1 + random.nextInt(20), at));
            at = at.plusMillis(40 + random.nextInt(200));
            lines.append(assistant(head, request, message, model, "{\"type\":\"tool_use\",\"id\":\"toolu_" + rid(20)
                    + "\",\"name\":\"Bash\",\"input\":{\"command\":\"true\"}}", "\"tool_use\"", write, read, out, at));
            at = at.plusMillis(40 + random.nextInt(200));
            lines.append(head).append("\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":"
                    + "\"tool_result\",\"tool_use_id\":\"toolu_x\",\"content\":\"ok\"}]},\"uuid\":\"")
                    .append(UUID.randomUUID()).append("\",\"timestamp\":\"").append(TIMESTAMP.format(at))
                    .append("\"}\n");
            if (turn > 1) {
                context += write + out;
            }
        }
        return new Session(sessionId, lines.toString(), at);
    }

    private static String assistant(String head, String request, String message, String model, String content,
            String stopReason, long write, long read, int out, Instant at) {
        return head + "\"type\":\"assistant\",\"requestId\":\"" + request + "\",\"message\":{\"id\":\"" + message
                + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[" + content
                + "],\"stop_reason\":" + stopReason + ",\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,"
                + "\"cache_creation_input_tokens\":" + write + ",\"cache_read_input_tokens\":" + read
                + ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":" + write + ",\"ephemeral_1h_input_tokens\":0},"
                + "\"output_tokens\":" + out + ",\"service_tier\":\"standard\"}},\"uuid\":\"" + UUID.randomUUID()
                + "\",\"timestamp\":\"" + TIMESTAMP.format(at) + "\"}\n";
    }

    private long jittered(long millis) {
        return Math.max(1, millis * (80 + random.nextInt(41)) / 100);
    }

    private String rid(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    /** A written session: its id, its transcript text and the time of its last line. */
    record Session(String id, String text, Instant end) {
    }
}
