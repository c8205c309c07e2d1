package dev.burnwatch.host;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The public key a server showed when we connected, in the words OpenSSH uses.
 *
 * @param host the host as known_hosts names it: {@code address} on port 22, else {@code [address]:port}
 * @param type key type, such as {@code ssh-ed25519} or {@code rsa-sha2-512}'s key type {@code ssh-rsa}
 * @param base64 the key blob, base64-encoded, as it stands in a known_hosts line
 */
public record ServerHostKey(String host, String type, String base64) {

    /** The SHA256 fingerprint as {@code ssh-keygen -l} prints it: {@code SHA256:} and unpadded base64. */
    public String fingerprint() {
        return fingerprintOf(Base64.getDecoder().decode(base64));
    }

    /** The line that trusts this key in a known_hosts file. */
    public String knownHostsLine() {
        return host + " " + type + " " + base64;
    }

    /** The SHA256 fingerprint of a key blob. */
    public static String fingerprintOf(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime has no SHA-256", e);
        }
    }

    /** The name a known_hosts file gives a host: plain on port 22, {@code [host]:port} otherwise. */
    public static String knownHostsName(String address, int port) {
        return port == 22 || port <= 0 ? address : "[" + address + "]:" + port;
    }
}
