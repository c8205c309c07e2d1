package dev.burnwatch.daemon.script;

/**
 * What a call's non-zero exit does to the script around it. The CLI exits non-zero when a session
 * stops at the turn cap, so a cap turns these into everyday events.
 */
public enum ExitEffect {
    /** The exit status is ignored or handled: the loop goes on and the task is marked done. */
    NONE,
    /** Under {@code set -e} a non-zero exit ends the script; the unit restarts it and the task runs again. */
    ENDS_SCRIPT,
    /** The exit status decides whether the task is marked done ({@code && mv}, {@code || continue}). */
    SKIPS_MARK_DONE,
    /** The call is an {@code if} condition whose branch marks the task done: needs a hand edit. */
    DECIDES_BRANCH
}
