package dev.burnwatch.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnwatch.daemon.ChangeRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which turn cap was in force on a host when, so that a session is judged against the cap it
 * ran under and not the one in the script today: a 30-turn session under a cap of 30 hit the
 * cap, and still did after the cap was rolled back.
 *
 * <pre>{@code
 * CapHistory caps = CapHistory.of(history.list(hostId), hostCapNow);
 * boolean hit = session.hitTheCap(caps.capAt(session.firstTimestamp()));
 * }</pre>
 *
 * @param before the cap before the first step (0: none known)
 * @param steps from when each cap held, oldest first; a cap of 0 means none
 */
public record CapHistory(int before, List<Step> steps) {

    /**
     * From {@code from} on, {@code cap} was in force.
     *
     * @param from when the change was put in place, by the host's clock
     * @param cap the turn cap from then on, 0 for none
     */
    public record Step(Instant from, int cap) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a rollback to a version no recorded change wrote leaves: a cap the history cannot tell. */
    private static final int UNKNOWN = -1;

    public CapHistory {
        steps = steps.stream().sorted(Comparator.comparing(Step::from)).toList();
    }

    /** One cap for every session: what is known without any recorded change. */
    public static CapHistory always(int cap) {
        return new CapHistory(Math.max(cap, 0), List.of());
    }

    /**
     * The caps a host's recorded changes put in place. A patch records its cap; a rollback brings
     * back the cap of the version it restores (the change that last wrote that version), and when
     * no recorded change wrote it (the script as it was before Burnwatch), {@code capNow} stands
     * for it if it is the current version, else no cap. Sessions before the first change were under
     * no cap Burnwatch knows of.
     *
     * @param changes the host's changes, in any order; none gives {@link #always(int) always(capNow)}
     * @param capNow the cap the script holds now (0: none)
     */
    public static CapHistory of(List<ChangeRecord> changes, int capNow) {
        if (changes.isEmpty()) {
            return always(capNow);
        }
        List<ChangeRecord> ordered = changes.stream()
                .sorted(Comparator.comparing(ChangeRecord::time).thenComparing(ChangeRecord::id)).toList();
        List<Integer> caps = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            caps.add(capAfter(ordered, caps, i));
        }

        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            int cap = caps.get(i);
            boolean current = i == ordered.size() - 1;
            steps.add(new Step(ordered.get(i).time(), cap != UNKNOWN ? cap : current ? Math.max(capNow, 0) : 0));
        }
        return new CapHistory(0, steps);
    }

    /** The cap in force at {@code time}; 0 when none was (or the time is unknown). */
    public int capAt(Instant time) {
        if (time == null) {
            return 0;
        }
        int cap = before;
        for (Step step : steps) {
            if (step.from().isAfter(time)) {
                break;
            }
            cap = step.cap();
        }
        return cap;
    }

    /** The cap in force after the last step (now, as far as the history knows). */
    public int latest() {
        return steps.isEmpty() ? before : steps.get(steps.size() - 1).cap();
    }

    private static int capAfter(List<ChangeRecord> ordered, List<Integer> capsSoFar, int index) {
        ChangeRecord change = ordered.get(index);
        if (change.kind() == ChangeRecord.Kind.PATCH) {
            return maxTurns(change.settings());
        }
        for (int i = index - 1; i >= 0; i--) {
            if (ordered.get(i).afterSha256().equals(change.afterSha256())) {
                return capsSoFar.get(i);
            }
        }
        return UNKNOWN;
    }

    private static int maxTurns(String settings) {
        try {
            JsonNode turns = JSON.readTree(settings).path("maxTurns");
            return turns.canConvertToInt() ? Math.max(turns.asInt(), 0) : UNKNOWN;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
