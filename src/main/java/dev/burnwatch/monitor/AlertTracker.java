package dev.burnwatch.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns figures and host states into alerts, each once per crossing: the projection
 * alerts when it goes over the budget (and again only after it came back under), a
 * session alerts once when it runs past the cap while it is still active and the cap was
 * in place when it started (a long session from before a fix, cut short by the restart
 * that brought the cap in, is not news), a host alerts
 * when it goes down after having answered. Not thread-safe: call it from one thread.
 */
public final class AlertTracker {

    /** A session whose last call is older than this is over; passing the cap then is history. */
    static final Duration ACTIVE = Duration.ofMinutes(15);

    private final Set<String> overBudget = new HashSet<>();
    private final Set<String> reportedSessions = new HashSet<>();
    private final Map<String, HostState> states = new HashMap<>();

    /** Alerts for a host's fresh figures; {@code capSince} is when the cap came in (null: unknown). */
    public List<Alert> onFigures(String hostId, BurnFigures figures, List<SessionRecord> sessions, Instant now,
                                 Instant capSince) {
        List<Alert> alerts = new ArrayList<>();
        if (figures.projectedOverBudget() && overBudget.add(hostId)) {
            boolean alreadyOver = figures.spendToday().compareTo(figures.budgetUsd()) > 0;
            String message = alreadyOver
                    ? String.format(Locale.ROOT, "%s has spent $%.2f today, over its budget of $%.2f, and is heading "
                            + "for $%.2f by midnight.", hostId, figures.spendToday(), figures.budgetUsd(),
                            figures.projection())
                    : String.format(Locale.ROOT, "%s is heading for $%.2f today against a budget of $%.2f "
                            + "(burning $%.2f an hour).", hostId, figures.projection(), figures.budgetUsd(),
                            figures.dollarsPerHour());
            alerts.add(new Alert(Alert.Kind.PROJECTION_OVER_BUDGET, hostId, alreadyOver ? "Over budget today"
                    : "Over budget by midnight", message + " Cap turns or pin a cheaper model on the Daemon screen.",
                    now));
        } else if (!figures.projectedOverBudget()) {
            overBudget.remove(hostId);
        }

        int cap = figures.cap();
        for (SessionRecord session : sessions) {
            boolean active = session.lastTimestamp() != null
                    && Duration.between(session.lastTimestamp(), now).compareTo(ACTIVE) <= 0;
            boolean startedUnderCap = capSince == null
                    || (session.firstTimestamp() != null && !session.firstTimestamp().isBefore(capSince));
            if (cap <= 0 || session.turns() <= cap || !active || !startedUnderCap) {
                continue;
            }
            if (reportedSessions.add(hostId + '\u0000' + session.sessionId())) {
                alerts.add(new Alert(Alert.Kind.SESSION_OVER_CAP, hostId, "Session past the cap",
                        String.format(Locale.ROOT, "Session %s on %s has run %d turns, past the cap of %d.",
                                shortId(session.sessionId()), hostId, session.turns(), cap), now));
            }
        }
        return alerts;
    }

    /** An alert when {@code hostId} went down after having been reachable, else null. */
    public Alert onHostState(String hostId, HostState state, String reason, Instant now) {
        HostState previous = states.put(hostId, state);
        boolean wasUp = previous == HostState.LIVE || previous == HostState.STALE;
        if (state != HostState.DOWN || !wasUp) {
            return null;
        }
        String why = reason == null || reason.isBlank() ? "" : " " + reason;
        return new Alert(Alert.Kind.HOST_DOWN, hostId, "Host not answering",
                hostId + " stopped answering; its figures are frozen at the last refresh." + why, now);
    }

    private static String shortId(String sessionId) {
        return sessionId.length() > 8 ? sessionId.substring(0, 8) : sessionId;
    }
}
