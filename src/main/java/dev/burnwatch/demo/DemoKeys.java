package dev.burnwatch.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * The demo host's keys, kept in {@code keys/} of the demo folder (a reset of the sandbox
 * keeps them, so a trusted host key stays trusted): its ECDSA host key, and the client
 * key pair that is the only way in (OpenSSH format, unencrypted, mode 600).
 */
final class DemoKeys {

    static final String CLIENT_KEY = "id_ecdsa";
    private static final String COMMENT = "burnwatch-demo";

    private final Path dir;
    private final SimpleGeneratorHostKeyProvider hostKeys;
    private final PublicKey hostKey;
    private final PublicKey clientKey;

    private DemoKeys(Path dir, SimpleGeneratorHostKeyProvider hostKeys, PublicKey hostKey, PublicKey clientKey) {
        this.dir = dir;
        this.hostKeys = hostKeys;
        this.hostKey = hostKey;
        this.clientKey = clientKey;
    }

    /** Loads the keys from {@code dir}, generating the ones that are missing. */
    static DemoKeys load(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(dir.resolve("host_key"));
            hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
            hostKeys.setKeySize(256);
            Iterable<KeyPair> pairs = hostKeys.loadKeys(null);
            PublicKey hostKey = pairs.iterator().next().getPublic();
            return new DemoKeys(dir, hostKeys, hostKey, clientKey(dir));
        } catch (GeneralSecurityException e) {
            throw new IOException("Could not make the demo host's keys in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static PublicKey clientKey(Path dir) throws IOException, GeneralSecurityException {
        Path privateKey = dir.resolve(CLIENT_KEY);
        Path publicKey = dir.resolve(CLIENT_KEY + ".pub");
        if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            ByteArrayOutputStream pem = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, COMMENT, null, pem);
            SandboxFiles.writePrivate(privateKey, pem.toByteArray(), "rw-------");
            String line = PublicKeyEntry.toString(pair.getPublic()) + " " + COMMENT + "\n";
            SandboxFiles.writeAtomically(publicKey, line.getBytes(StandardCharsets.US_ASCII));
        }
        List<AuthorizedKeyEntry> entries = AuthorizedKeyEntry.readAuthorizedKeys(publicKey);
        if (entries.isEmpty()) {
            throw new IOException("The demo client key " + publicKey + " is empty; delete " + dir
                    + " to make new keys");
        }
        return entries.get(0).resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
    }

    KeyPairProvider hostKeyProvider() {
        return hostKeys;
    }

    /** True for the demo's client key and no other. */
    boolean isClientKey(PublicKey key) {
        return KeyUtils.compareKeys(clientKey, key);
    }

    Path privateKeyFile() {
        return dir.resolve(CLIENT_KEY);
    }

    Path knownHostsFile() {
        return dir.resolve("known_hosts");
    }

    /** The known_hosts line for the host at {@code address:port}, as OpenSSH writes it. */
    String knownHostsLine(String address, int port) {
        String host = port == 22 ? address : "[" + address + "]:" + port;
        return host + " " + PublicKeyEntry.toString(hostKey);
    }

    /** SHA256 fingerprint of the host key, as {@code ssh-keygen -l} prints it. */
    String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(hostKey);
    }
}
