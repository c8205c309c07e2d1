package dev.burnwatch.daemon;

import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.usage.Aggregates;
import dev.burnwatch.usage.SessionSummary;
import dev.burnwatch.usage.TranscriptSource;
import dev.burnwatch.usage.UsageEngine;
import dev.burnwatch.usage.UsageSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The sessions on a host as the usage engine reads them from the claude CLI's transcripts
 * (incrementally, through the usage index), for {@link SessionWatch}.
 */
public final class UsageSessionSource implements SessionWatch.SessionSource {

    private final Host host;
    private final UsageEngine engine;
    private final Map<String, String> environment;

    /**
     * @param indexFile the usage index to read through (see {@code AppDirs#indexFile()}), or null
     * @param environment the daemon's environment where known ({@code CLAUDE_CONFIG_DIR}); empty
     *     for the CLI's default config dirs
     */
    public UsageSessionSource(Host host, Path indexFile, Map<String, String> environment) {
        this.host = host;
        this.engine = new UsageEngine(indexFile);
        this.environment = Map.copyOf(environment);
    }

    @Override
    public List<ObservedSession> sessions() throws HostException {
        UsageSnapshot snapshot = engine.read(TranscriptSource.defaults(host, environment));
        return Aggregates.sessions(snapshot, PriceTable.bundled()).stream()
                .filter(session -> session.host().equals(host.id()))
                .map(UsageSessionSource::observed)
                .toList();
    }

    static ObservedSession observed(SessionSummary summary) {
        return new ObservedSession(summary.sessionId(), summary.models(), summary.turns(), summary.firstTimestamp(),
                summary.lastTimestamp());
    }
}
