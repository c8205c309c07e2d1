package dev.burnwatch.ui.common;

import dev.burnwatch.monitor.HostReading;

/**
 * Where one host's usage comes from. {@link #read} blocks (it may cross the network) and
 * is called only from background tasks; it is incremental, so repeated calls are cheap,
 * and it gives up when its thread is interrupted.
 */
public interface UsageSource extends AutoCloseable {

    HostReading read() throws Exception;

    @Override
    void close();
}
