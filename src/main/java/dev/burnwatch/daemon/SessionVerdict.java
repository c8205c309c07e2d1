package dev.burnwatch.daemon;

import java.util.List;

/**
 * How one session after a restart measured up against the cap and the pin.
 *
 * @param session the session as last seen
 * @param finished true when it has ended (a later session started, or it has been quiet long
 *     enough); an unfinished session is shown but not yet counted
 * @param cap where its turns stand against the cap
 * @param overBy turns past the cap (0 unless {@link Cap#OVER_CAP})
 * @param otherModels models it ran on other than the pinned one (empty when on the pin)
 */
public record SessionVerdict(ObservedSession session, boolean finished, Cap cap, long overBy,
        List<String> otherModels) {

    /** Where a session's turns stand against the cap N. */
    public enum Cap {
        /** Fewer than N turns: it finished on its own. */
        WITHIN,
        /** Exactly N turns: the cap stopped it. */
        HIT_CAP,
        /** More than N turns. */
        OVER_CAP,
    }

    /**
     * Turns past the cap that the claude CLI itself produces near a compaction: named in the
     * report, but not counted as a failed cap.
     */
    public static final int CLI_OVERRUN_TOLERANCE = 2;

    /** True when it ran only on the pinned model. */
    public boolean onPinnedModel() {
        return otherModels.isEmpty();
    }

    /** True when it ran on the pin and stayed within the cap, allowing the CLI's own overrun. */
    public boolean passed() {
        return onPinnedModel() && overBy <= CLI_OVERRUN_TOLERANCE;
    }

    /** A one-line description for people. */
    public String describe(int maxTurns) {
        String turns = session.turns() + " turns";
        String capText;
        switch (cap) {
            case HIT_CAP:
                capText = turns + ", hit the cap of " + maxTurns;
                break;
            case OVER_CAP:
                capText = turns + ", over the cap of " + maxTurns + " by " + overBy
                        + (overBy <= CLI_OVERRUN_TOLERANCE ? " (the CLI's own overrun near compaction)" : "");
                break;
            default:
                capText = turns + ", within the cap of " + maxTurns;
        }
        String modelText = onPinnedModel() ? "on " + String.join(", ", session.models())
                : "NOT on the pinned model: " + String.join(", ", otherModels);
        return capText + "; " + modelText + (finished ? "" : " (still running)");
    }
}
