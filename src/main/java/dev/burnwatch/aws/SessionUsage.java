package dev.burnwatch.aws;

import dev.burnwatch.usage.ApiCall;
import dev.burnwatch.usage.Tokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What one session used, split by model: the unit that is published to CloudWatch once.
 *
 * @param hostId the {@link dev.burnwatch.host.Host#id()} the transcript was read from
 * @param sessionId the session's id (a value in the published data, never a dimension)
 * @param lastApiCall when its last API call was written; the datapoints carry this time
 * @param byModel the session's usage per model, at least one
 */
public record SessionUsage(String hostId, String sessionId, Instant lastApiCall, List<ModelShare> byModel) {

    /** The model id the claude CLI writes for lines it made up itself; never a model. */
    static final String SYNTHETIC_MODEL = "<synthetic>";

    /**
     * One model's part of a session.
     *
     * @param model the model id as logged
     * @param tokens its tokens
     * @param costUsd its estimated cost
     * @param turns its API calls on the main thread (sidechain excluded)
     */
    public record ModelShare(String model, Tokens tokens, double costUsd, long turns) {
    }

    public SessionUsage {
        byModel = List.copyOf(byModel);
        if (byModel.isEmpty()) {
            throw new IllegalArgumentException("session " + sessionId + " has no model usage");
        }
    }

    /** All models summed. */
    public ModelShare total() {
        Tokens tokens = Tokens.ZERO;
        double cost = 0;
        long turns = 0;
        for (ModelShare share : byModel) {
            tokens = tokens.plus(share.tokens());
            cost += share.costUsd();
            turns += share.turns();
        }
        return new ModelShare(null, tokens, cost, turns);
    }

    /**
     * Sessions from API calls (of any number of sessions and hosts), each split per model;
     * the synthetic model is left out. {@code cost} prices one call.
     */
    public static List<SessionUsage> fromApiCalls(List<ApiCall> calls, ToDoubleFunction<ApiCall> cost) {
        Map<List<String>, List<ApiCall>> bySession = new LinkedHashMap<>();
        for (ApiCall call : calls) {
            if (SYNTHETIC_MODEL.equals(call.model())) {
                continue;
            }
            bySession.computeIfAbsent(List.of(call.host(), call.sessionId()), k -> new ArrayList<>()).add(call);
        }
        List<SessionUsage> sessions = new ArrayList<>();
        for (List<ApiCall> sessionCalls : bySession.values()) {
            sessions.add(ofOneSession(sessionCalls, cost));
        }
        sessions.sort(Comparator.comparing(SessionUsage::lastApiCall));
        return sessions;
    }

    private static SessionUsage ofOneSession(List<ApiCall> calls, ToDoubleFunction<ApiCall> cost) {
        Map<String, ModelShare> byModel = new LinkedHashMap<>();
        Instant last = Instant.MIN;
        for (ApiCall call : calls) {
            ModelShare one = new ModelShare(call.model(), call.tokens(), cost.applyAsDouble(call),
                    call.sidechain() ? 0 : 1);
            byModel.merge(call.model(), one, (a, b) -> new ModelShare(a.model(), a.tokens().plus(b.tokens()),
                    a.costUsd() + b.costUsd(), a.turns() + b.turns()));
            if (call.timestamp().isAfter(last)) {
                last = call.timestamp();
            }
        }
        ApiCall first = calls.get(0);
        return new SessionUsage(first.host(), first.sessionId(), last, new ArrayList<>(byModel.values()));
    }
}
