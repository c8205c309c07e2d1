package dev.burnwatch.monitor;

import dev.burnwatch.usage.ApiCall;
import java.time.Instant;
import java.util.List;

/**
 * What one refresh read from a host: every API call known so far, the host's own clock
 * at the time of reading (the "now" for its figures), and the lines that could not be read.
 *
 * @param hostId the host's id
 * @param calls every deduplicated API call
 * @param hostNow the host's clock
 * @param malformedLines lines skipped as malformed
 */
public record HostReading(String hostId, List<ApiCall> calls, Instant hostNow, long malformedLines) {

    public HostReading {
        calls = List.copyOf(calls);
    }
}
