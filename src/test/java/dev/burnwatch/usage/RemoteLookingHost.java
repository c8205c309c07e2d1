package dev.burnwatch.usage;

import dev.burnwatch.host.ForwardingHost;
import dev.burnwatch.host.LocalHost;

/**
 * This machine seen as if it were a remote host: every call goes to a real {@link LocalHost},
 * but the engine cannot take its local fast path, so every byte goes through {@code read}
 * and is counted in {@code bytesReceived()}, as it would be over SSH.
 */
final class RemoteLookingHost extends ForwardingHost {

    private final String id;

    RemoteLookingHost(String id) {
        super(new LocalHost());
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
