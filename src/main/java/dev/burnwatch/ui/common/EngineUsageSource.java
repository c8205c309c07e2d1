package dev.burnwatch.ui.common;

import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.monitor.HostReading;
import dev.burnwatch.usage.TranscriptSource;
import dev.burnwatch.usage.UsageEngine;
import dev.burnwatch.usage.UsageSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A host's usage through the usage engine: incremental over the shared index, "now" from
 * the host's own clock. Reads of different hosts take turns on the index (one lock), and a
 * connection failure drops the link so that the next refresh reconnects.
 */
public final class EngineUsageSource implements UsageSource {

    private final HostLink link;
    private final UsageEngine engine;
    private final ReentrantLock indexLock;
    private final Map<String, String> localEnv;

    /**
     * @param link the host
     * @param engine the application's usage engine
     * @param indexLock the lock every reader of that engine's index takes
     * @param localEnv the environment for this machine's default config dirs (ignored for SSH hosts)
     */
    public EngineUsageSource(HostLink link, UsageEngine engine, ReentrantLock indexLock, Map<String, String> localEnv) {
        this.link = link;
        this.engine = engine;
        this.indexLock = indexLock;
        this.localEnv = localEnv;
    }

    public HostLink link() {
        return link;
    }

    @Override
    public HostReading read() throws Exception {
        Host host;
        List<TranscriptSource> sources;
        Instant now;
        try {
            host = link.host();
            sources = sources(host);
            now = host.now();
        } catch (HostException e) {
            if (e.kind().isConnection()) {
                link.reset();
            }
            throw e;
        }

        indexLock.lockInterruptibly();
        try {
            UsageSnapshot snapshot = engine.read(sources);
            return new HostReading(host.id(), snapshot.calls(), now, snapshot.malformedLines());
        } catch (HostException e) {
            if (e.kind().isConnection()) {
                link.reset();
            }
            throw e;
        } finally {
            indexLock.unlock();
        }
    }

    private List<TranscriptSource> sources(Host host) throws HostException {
        if (link.config() == null) {
            return TranscriptSource.defaults(host, localEnv);
        }
        return TranscriptSource.of(host, link.config());
    }

    @Override
    public void close() {
        link.close();
    }
}
