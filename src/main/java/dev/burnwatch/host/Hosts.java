package dev.burnwatch.host;

/**
 * Opens the host a {@link Location} names. The SSH side is filled in by the host layer
 * (issue: Hosts over SSH); until then only local locations open.
 */
public final class Hosts {

    private Hosts() {
    }

    public static Host open(Location location, ConnectOptions options) throws HostException {
        if (location.kind() == Location.Kind.LOCAL) {
            return new LocalHost();
        }
        throw new HostException(HostException.Kind.OTHER, "SSH hosts are not available in this build yet");
    }
}
