package dev.burnwatch.host;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.StaticDecisionForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SSH server for tests: Apache MINA SSHD on 127.0.0.1 at a random port, key login
 * only, commands run by this machine's {@code sh -c} (with {@code HOME} set to the server's
 * home folder), and an SFTP subsystem on the real file system. It generates its own ed25519
 * host key and one authorised ed25519 client key.
 *
 * <p>Commands live as they do under OpenSSH's sshd without a TTY: each runs in a session and
 * process group of its own ({@code setsid}); a {@code signal} request goes to that whole
 * group (sshd's {@code killpg}); a closed channel only closes the command's pipes and kills
 * nothing. {@link #ignoreSignals()} makes it behave like an sshd older than 7.9, which
 * answers no {@code signal} request. Whatever still runs when the server closes is killed.
 *
 * <pre>{@code
 * try (EmbeddedSshServer server = EmbeddedSshServer.start(tempDir);
 *      Host host = server.open()) {          // strict host-key checking, the client key
 *     host.exec("echo hi", Duration.ofSeconds(5));
 * }
 * // or: Hosts.open(server.location("/some/path"), server.connectOptions())
 * }</pre>
 *
 * <p>Everything it writes (keys, known_hosts, the home folder) lives below the folder given
 * to {@link #start}. Tests that set {@code burnwatch.home} keep Burnwatch's own files apart.
 */
public final class EmbeddedSshServer implements AutoCloseable {

    /** The login name the server accepts. */
    public static final String USER = "agent";

    private final Path dir;
    private final Path home;
    private final SshServer server;
    private final Set<String> authorizedKeys = ConcurrentHashMap.newKeySet();
    private final Path clientKey;
    private volatile java.security.KeyPair hostKey;
    private final List<String> negotiatedCiphers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean signalsIgnored;

    private EmbeddedSshServer(Path dir) throws IOException, GeneralSecurityException {
        this.dir = Files.createDirectories(dir);
        this.home = Files.createDirectories(dir.resolve("home"));
        this.hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        this.server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(session -> List.of(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && authorizedKeys.contains(keyText(key)));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory((channel, command) -> new ShellCommand(command, home, this));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new NativeFileSystemFactory());
        server.setForwardingFilter(new StaticDecisionForwardingFilter(false) {
            @Override
            public boolean canConnect(TcpForwardingFilter.Type type, SshdSocketAddress address, Session session) {
                return type == TcpForwardingFilter.Type.Direct && "127.0.0.1".equals(address.getHostName());
            }
        });
        server.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.KeyEstablished) {
                    negotiatedCiphers.add(session.getNegotiatedKexParameter(
                            org.apache.sshd.common.kex.KexProposalOption.S2CENC));
                    negotiatedCiphers.add(session.getNegotiatedKexParameter(
                            org.apache.sshd.common.kex.KexProposalOption.C2SENC));
                }
            }
        });
        this.clientKey = newClientKey("id_ed25519", null);
    }

    /** The ciphers negotiated so far, server to client and client to server per session. */
    public List<String> negotiatedCiphers() {
        return List.copyOf(negotiatedCiphers);
    }

    /** Starts a server whose files live in {@code dir} (a test's temporary folder). */
    public static EmbeddedSshServer start(Path dir) throws IOException {
        try {
            EmbeddedSshServer embedded = new EmbeddedSshServer(dir);
            embedded.server.start();
            return embedded;
        } catch (GeneralSecurityException e) {
            throw new IOException("Could not generate the embedded server's host key", e);
        }
    }

    /** Always 127.0.0.1. */
    public String address() {
        return "127.0.0.1";
    }

    /** The port the server listens on. */
    public int port() {
        return server.getPort();
    }

    /** The login name: {@link #USER}. */
    public String user() {
        return USER;
    }

    /** The folder that {@code HOME} points to in commands run on this server. */
    public Path home() {
        return home;
    }

    /** The authorised ed25519 client key (OpenSSH format, no passphrase). */
    public Path clientKey() {
        return clientKey;
    }

    /** The host's current key as a known_hosts line: {@code [127.0.0.1]:PORT ssh-ed25519 AAAA...}. */
    public String knownHostsLine() {
        return "[" + address() + "]:" + port() + " " + keyText(hostKey.getPublic());
    }

    /**
     * The host's key as a known_hosts line for another address and port: for a test that
     * reaches this server through a proxy or a forward.
     */
    public String knownHostsLine(String address, int port) {
        return ServerHostKey.knownHostsName(address, port) + " " + keyText(hostKey.getPublic());
    }

    /** A known_hosts file holding only {@link #knownHostsLine()}, written beside the keys. */
    public Path knownHostsFile() {
        Path file = dir.resolve("known_hosts");
        try {
            Files.writeString(file, knownHostsLine() + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host key's fingerprint as OpenSSH prints it: {@code SHA256:...}. */
    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(hostKey.getPublic());
    }

    /** Options that log in with {@link #clientKey()} and trust exactly this server's key. */
    public ConnectOptions connectOptions() {
        return new ConnectOptions(clientKey, knownHostsFile(), null);
    }

    /** {@code ssh://agent@127.0.0.1:PORT/path} (or without a path when {@code path} is null). */
    public Location location(String path) {
        return new Location(Location.Kind.SSH, USER, address(), port(), path);
    }

    /** Connects with {@link #connectOptions()}. */
    public Host open() throws HostException {
        return Hosts.open(location(null), connectOptions());
    }

    /**
     * Generates another authorised client key in OpenSSH format and returns its path; with a
     * passphrase the key is encrypted (bcrypt KDF, as {@code ssh-keygen} does).
     */
    public Path newClientKey(String fileName, String passphrase) throws IOException {
        return writeKey(fileName, passphrase, KeyPair.ED25519, true, true);
    }

    /**
     * Generates a client key that the server does not accept (a wrong key), in OpenSSH format.
     */
    public Path unauthorisedClientKey(String fileName) throws IOException {
        return writeKey(fileName, null, KeyPair.ED25519, false, true);
    }

    /** Generates an authorised RSA client key in the old PEM format ({@code BEGIN RSA PRIVATE KEY}). */
    public Path newPemRsaClientKey(String fileName, String passphrase) throws IOException {
        return writeKey(fileName, passphrase, KeyPair.RSA, true, false);
    }

    private Path writeKey(String fileName, String passphrase, int type, boolean authorise, boolean openSsh)
            throws IOException {
        try {
            KeyPair pair = KeyPair.genKeyPair(new JSch(), type, type == KeyPair.RSA ? 3072 : 256);
            Path file = dir.resolve(fileName);
            byte[] secret = passphrase == null ? null : passphrase.getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = Files.newOutputStream(file)) {
                if (openSsh) {
                    pair.writeOpenSSHv1PrivateKey(out, secret);
                } else {
                    pair.writePrivateKey(out, secret);
                }
            }
            ByteArrayOutputStream publicKey = new ByteArrayOutputStream();
            pair.writePublicKey(publicKey, "test");
            Files.write(dir.resolve(fileName + ".pub"), publicKey.toByteArray());
            if (authorise) {
                authorizedKeys.add(firstTwoWords(publicKey.toString(StandardCharsets.US_ASCII)));
            }
            pair.dispose();
            return file;
        } catch (JSchException e) {
            throw new IOException("Could not generate a client key", e);
        }
    }

    /** The public half of {@link #clientKey()} as an authorized_keys line. */
    public String clientPublicKeyLine() {
        try {
            return Files.readString(dir.resolve(clientKey.getFileName() + ".pub")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Accepts the public key in {@code publicKeyLine} ({@code type base64 [comment]}) from now on. */
    public void authorise(String publicKeyLine) {
        authorizedKeys.add(firstTwoWords(publicKeyLine));
    }

    /**
     * Replaces the host key with a new one, as a rebuilt host would: clients that trusted the
     * old key must now see a changed key. Existing connections keep running.
     */
    public void changeHostKey() throws IOException {
        try {
            hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IOException("Could not generate a new host key", e);
        }
    }

    /**
     * Replaces the host key with a new one of another type: {@code "ecdsa"} (nistp256) or
     * {@code "rsa"} (3072 bits), as a host given a new kind of key would.
     */
    public void changeHostKeyTo(String type) throws IOException {
        try {
            hostKey = switch (type) {
                case "ecdsa" -> KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
                case "rsa" -> KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, 3072);
                default -> throw new IllegalArgumentException("No host key type " + type);
            };
        } catch (GeneralSecurityException e) {
            throw new IOException("Could not generate a new host key", e);
        }
    }

    /**
     * From now on the server signs its host key and accepts login signatures only with these
     * algorithms (for example {@code rsa-sha2-256} and {@code rsa-sha2-512} but not
     * {@code ssh-rsa}, the SHA-1 one), as an sshd with {@code HostKeyAlgorithms} and
     * {@code PubkeyAcceptedAlgorithms} set would.
     */
    public void acceptOnlySignatures(org.apache.sshd.common.signature.BuiltinSignatures... algorithms) {
        server.setSignatureFactories(List.of(algorithms));
    }

    /** Closes every open connection at once, as a crashed network would. The server keeps listening. */
    public void dropConnections() {
        for (AbstractSession session : server.getActiveSessions()) {
            session.close(true);
        }
    }

    /** How many connections are open now. */
    public int activeConnections() {
        return server.getActiveSessions().size();
    }

    /** From now on, {@code signal} requests are refused, as an sshd older than 7.9 does. */
    public void ignoreSignals() {
        signalsIgnored = true;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
        for (Process process : running) {
            signalGroup(process.pid(), "KILL");
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Sends {@code signal} (a name such as TERM) to the process group {@code group}, as killpg does. */
    private static void signalGroup(long group, String signal) {
        try {
            Process kill = new ProcessBuilder("bash", "-c", "kill -" + signal + " -- \"-$1\" 2>/dev/null", "kill",
                    Long.toString(group)).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String keyText(PublicKey key) {
        return firstTwoWords(PublicKeyEntry.toString(key));
    }

    private static String firstTwoWords(String line) {
        String[] words = line.trim().split("\\s+");
        return words[0] + " " + words[1];
    }

    /**
     * Runs one command line with this machine's {@code sh -c} in a session of its own,
     * pumping all three streams.
     */
    private static final class ShellCommand implements Command {

        private static final boolean SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"));

        private final String command;
        private final Path home;
        private final EmbeddedSshServer server;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private volatile Process process;

        ShellCommand(String command, Path home, EmbeddedSshServer server) {
            this.command = command;
            this.home = home;
            this.server = server;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            List<String> line = SETSID ? List.of("/usr/bin/setsid", "sh", "-c", command) : List.of("sh", "-c", command);
            ProcessBuilder builder = new ProcessBuilder(line).directory(home.toFile());
            builder.environment().put("HOME", home.toString());
            builder.environment().put("LC_ALL", "C.UTF-8");
            process = builder.start();
            server.running.add(process);
            process.onExit().thenRun(() -> server.running.remove(process));
            env.addSignalListener((ch, signal) -> {
                if (!server.signalsIgnored) {
                    signalGroup(process.pid(), signal.name());
                }
            });
            Thread stdin = pump(in, process.getOutputStream(), "stdin", true);
            Thread stdout = pump(process.getInputStream(), out, "stdout", false);
            Thread stderr = pump(process.getErrorStream(), err, "stderr", false);
            Thread waiter = new Thread(() -> finish(stdin, stdout, stderr), "embedded-ssh-exit");
            waiter.setDaemon(true);
            waiter.start();
        }

        private void finish(Thread stdin, Thread stdout, Thread stderr) {
            try {
                int status = process.waitFor();
                stdout.join();
                stderr.join();
                stdin.interrupt();
                exit.onExit(status);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static Thread pump(InputStream from, OutputStream to, String name, boolean closeTarget) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[32 * 1024];
                try {
                    int n;
                    while ((n = from.read(buffer)) >= 0) {
                        to.write(buffer, 0, n);
                        to.flush();
                    }
                } catch (IOException e) {
                    // the channel or the process went away: nothing more to pump
                } finally {
                    if (closeTarget) {
                        closeQuietly(to);
                    }
                }
            }, "embedded-ssh-" + name);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        private static void closeQuietly(OutputStream stream) {
            try {
                stream.close();
            } catch (IOException e) {
                // already closed
            }
        }

        /**
         * The channel closed. Like sshd, close the command's pipes and nothing more: a command
         * that neither reads nor writes keeps running (only a signal stops it).
         */
        @Override
        public void destroy(ChannelSession channel) {
            Process started = process;
            if (started != null) {
                closeQuietly(started.getOutputStream());
                try {
                    started.getInputStream().close();
                    started.getErrorStream().close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }
    }
}
