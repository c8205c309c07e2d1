package dev.burnwatch.host;

/**
 * The host showed a key that no known_hosts file lists. The operator decides: the console
 * shows {@link #key()}'s type and fingerprint and, on the operator's word, calls
 * {@link #trust()} and connects again; the CLI trusts it only when
 * {@code --trust-host-key} names exactly this fingerprint.
 */
public final class HostKeyUnknownException extends HostException {

    private static final long serialVersionUID = 1L;

    private final ServerHostKey key;
    private final transient TrustStore trustStore;

    public HostKeyUnknownException(ServerHostKey key, TrustStore trustStore, String message) {
        super(Kind.HOST_KEY_UNKNOWN, message);
        this.key = key;
        this.trustStore = trustStore;
    }

    /** The key the host showed. */
    public ServerHostKey key() {
        return key;
    }

    /** The key's type, such as {@code ssh-ed25519}. */
    public String keyType() {
        return key.type();
    }

    /** The key's fingerprint: {@code SHA256:...}. */
    public String fingerprint() {
        return key.fingerprint();
    }

    /** Records the key as trusted in the trust store that refused it; connect again afterwards. */
    public void trust() throws HostException {
        if (trustStore == null) {
            throw new HostException(Kind.OTHER, "This refusal no longer knows where to record the key;"
                    + " connect again and trust it then");
        }
        trustStore.trust(key);
    }
}
