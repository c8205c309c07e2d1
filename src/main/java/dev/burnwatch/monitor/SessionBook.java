package dev.burnwatch.monitor;

import dev.burnwatch.usage.ApiCall;
import dev.burnwatch.usage.Tokens;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups API calls into sessions (by host and session id) with the per-turn token series
 * that the console draws. Sums follow the usage engine's counting: every call counts,
 * a turn is a call of the main thread, and unpriced models add no cost.
 */
public final class SessionBook {

    private SessionBook() {
    }

    /** The sessions of {@code calls}, most recent first. */
    public static List<SessionRecord> sessions(List<ApiCall> calls, Pricing pricing) {
        Map<String, Builder> byKey = new LinkedHashMap<>();
        List<ApiCall> ordered = new ArrayList<>(calls);
        ordered.sort(Comparator.comparing(ApiCall::timestamp));

        for (ApiCall call : ordered) {
            String key = call.host() + '\u0000' + call.sessionId();
            byKey.computeIfAbsent(key, k -> new Builder(call)).add(call, pricing);
        }

        List<SessionRecord> sessions = new ArrayList<>(byKey.size());
        for (Builder builder : byKey.values()) {
            sessions.add(builder.build());
        }
        sessions.sort(Comparator.comparing(SessionRecord::firstTimestamp).reversed());
        return sessions;
    }

    private static final class Builder {
        private final String host;
        private final String sessionId;
        private String project;
        private final Map<String, Integer> modelCalls = new HashMap<>();
        private final List<Long> turnTokens = new ArrayList<>();
        private int apiCalls;
        private Tokens tokens = Tokens.ZERO;
        private BigDecimal cost = BigDecimal.ZERO;
        private Instant first;
        private Instant last;

        Builder(ApiCall call) {
            this.host = call.host();
            this.sessionId = call.sessionId();
        }

        void add(ApiCall call, Pricing pricing) {
            if (project == null || project.isEmpty()) {
                project = call.project();
            }
            modelCalls.merge(call.model(), 1, Integer::sum);
            apiCalls++;
            tokens = tokens.plus(call.tokens());
            cost = cost.add(pricing.cost(call.model(), call.tokens()).orElse(BigDecimal.ZERO));
            if (!call.sidechain()) {
                turnTokens.add(call.tokens().total());
            }
            first = first == null || call.timestamp().isBefore(first) ? call.timestamp() : first;
            last = last == null || call.timestamp().isAfter(last) ? call.timestamp() : last;
        }

        SessionRecord build() {
            List<String> models = new ArrayList<>(modelCalls.keySet());
            models.sort(Comparator.comparing((String m) -> -modelCalls.get(m)).thenComparing(m -> m));
            return new SessionRecord(host, sessionId, project == null ? "" : project, models, apiCalls,
                    turnTokens.size(), tokens, cost, first, last, turnTokens);
        }
    }
}
