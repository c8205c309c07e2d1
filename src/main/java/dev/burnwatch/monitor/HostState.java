package dev.burnwatch.monitor;

/** How current a host's figures are. */
public enum HostState {
    /** No refresh has finished yet. */
    CONNECTING,
    /** The last refresh succeeded within its interval. */
    LIVE,
    /** The figures are older than they should be: a refresh is late or slow. */
    STALE,
    /** The last refresh failed: the host is unreachable or refused us. */
    DOWN
}
