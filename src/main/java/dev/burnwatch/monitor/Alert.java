package dev.burnwatch.monitor;

import java.time.Instant;

/**
 * Something the operator should hear about now.
 *
 * @param kind what happened
 * @param hostId the host it concerns
 * @param title a short headline
 * @param message what happened and what to do, in the operator's terms
 * @param at when it was noticed (the host's clock where known)
 */
public record Alert(Kind kind, String hostId, String title, String message, Instant at) {

    /** What an alert is about. */
    public enum Kind {
        /** Today's projected spend crossed the daily budget. */
        PROJECTION_OVER_BUDGET,
        /** A session ran past the turn cap. */
        SESSION_OVER_CAP,
        /** A host stopped answering. */
        HOST_DOWN
    }
}
