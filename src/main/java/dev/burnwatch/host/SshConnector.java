package dev.burnwatch.host;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchRevokedHostKeyException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.Slf4jLogger;
import com.jcraft.jsch.SocketFactory;
import com.jcraft.jsch.UnixDomainSocketFactory;
import com.jcraft.jsch.UserInfo;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens SSH sessions the way {@code ssh} does: the given key (or the agent and the default
 * keys), strict host-key checking against a {@link TrustStore}, jump hosts through local
 * port forwards, timeouts and keepalives. Turns every JSch failure into a
 * {@link HostException} an operator can act on.
 */
final class SshConnector {

    private static final Logger LOG = LoggerFactory.getLogger(SshConnector.class);
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");
    private static final int MAX_PASSPHRASE_ATTEMPTS = 3;

    static {
        JSch.setLogger(new ExpectedFailuresQuiet(new Slf4jLogger()));
    }

    private final HostConfig target;
    private final ConnectOptions options;
    private final TrustStore trustStore;
    private final PassphraseProvider passphrases;
    private final SshTimeouts timeouts;
    private final Function<String, Optional<HostConfig>> savedHosts;
    private final JSch jsch = new JSch();
    private final List<String> identityNames = new ArrayList<>();
    private final AtomicLong received;
    private final Map<String, IdentityRepository> hopIdentities = new HashMap<>();
    private IdentityRepository identities;

    SshConnector(HostConfig target, ConnectOptions options, TrustStore trustStore, PassphraseProvider passphrases,
            SshTimeouts timeouts, Function<String, Optional<HostConfig>> savedHosts, AtomicLong received) {
        this.target = target;
        this.options = options;
        this.trustStore = trustStore;
        this.passphrases = passphrases;
        this.timeouts = timeouts;
        this.savedHosts = savedHosts;
        this.received = received;
    }

    /**
     * Connects to every jump host in turn and then to the target; returns the sessions, the
     * target's last. On failure every session opened so far is closed.
     */
    List<Session> connect() throws HostException {
        loadIdentities();
        List<HostConfig> hops = new ArrayList<>(jumpHosts(target.jumpHost(), 0));
        hops.add(target);
        List<Session> chain = new ArrayList<>();
        try {
            for (int i = 0; i < hops.size(); i++) {
                boolean last = i == hops.size() - 1;
                chain.add(connectHop(hops.get(i), chain.isEmpty() ? null : chain.get(chain.size() - 1), last));
            }
            return chain;
        } catch (HostException e) {
            disconnectAll(chain);
            throw e;
        }
    }

    static void disconnectAll(List<Session> chain) {
        for (int i = chain.size() - 1; i >= 0; i--) {
            chain.get(i).disconnect();
        }
    }

    private Session connectHop(HostConfig hop, Session via, boolean counted) throws HostException {
        String knownName = ServerHostKey.knownHostsName(hop.address(), hop.effectivePort());
        PassphrasePrompt prompt = new PassphrasePrompt(passphrases);
        Session session = null;
        try {
            String host = hop.address();
            int port = hop.effectivePort();
            if (via != null) {
                port = via.setPortForwardingL("127.0.0.1", 0, hop.address(), hop.effectivePort());
                host = "127.0.0.1";
            }
            session = jsch.getSession(hop.effectiveUser(), host, port);
            if (via != null) {
                session.setHostKeyAlias(knownName);
            }
            configure(session, prompt, counted);
            session.setIdentityRepository(identitiesFor(hop));
            session.connect((int) timeouts.connect().toMillis());
            session.setServerAliveInterval((int) timeouts.keepAliveInterval().toMillis());
            session.setServerAliveCountMax(timeouts.keepAliveCountMax());
            LOG.info("Connected to {}@{}:{}{}", hop.effectiveUser(), hop.address(), hop.effectivePort(),
                    via == null ? "" : " through a jump host");
            return session;
        } catch (JSchException e) {
            HostException failure = failure(hop, knownName, session, prompt, e);
            if (session != null) {
                session.disconnect();
            }
            throw failure;
        }
    }

    private void configure(Session session, PassphrasePrompt prompt, boolean counted) throws JSchException {
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("HashKnownHosts", "no");
        session.setConfig("PreferredAuthentications", "publickey");
        session.setConfig("kex", withoutUnavailableKex(session.getConfig("kex")));
        session.setConfig("cipher.s2c", counterModeFirst(session.getConfig("cipher.s2c")));
        session.setConfig("cipher.c2s", counterModeFirst(session.getConfig("cipher.c2s")));
        session.setHostKeyRepository(trustStore.repository(options.trustHostKey()));
        session.setUserInfo(prompt);
        session.setSocketFactory(new TimedSocketFactory((int) timeouts.connect().toMillis(),
                counted ? received : null));
        session.setDaemonThread(true);
        // setServerAliveInterval also sets the socket timeout, so it comes after setTimeout
        session.setTimeout((int) timeouts.connect().toMillis());
    }

    /**
     * Before Java 24 JSch finds no ML-KEM implementation, yet proving that costs about 0.7 s
     * of every connection; leaving the hybrid exchanges out of the offer there changes
     * nothing that is negotiated (curve25519 follows them) and saves that time.
     */
    static String withoutUnavailableKex(String kex) {
        if (kex == null || Runtime.version().feature() >= 24) {
            return kex;
        }
        return Arrays.stream(kex.split(",")).filter(name -> !name.startsWith("mlkem"))
                .collect(Collectors.joining(","));
    }

    /**
     * Moves the AES counter-mode ciphers ahead of AES-GCM. The launcher runs the JIT's C1
     * compiler only (faster for the usage reader on two cores), and there the JDK's GCM
     * decrypts about half as fast as CTR with its HMAC: a cold read of 850 MB over SSH took
     * 33 s with GCM. With the full JIT both run at the same speed. Both are what OpenSSH
     * offers by default; nothing weaker is added or preferred.
     */
    static String counterModeFirst(String ciphers) {
        if (ciphers == null) {
            return null;
        }
        List<String> names = Arrays.asList(ciphers.split(","));
        return Stream.concat(names.stream().filter(name -> name.startsWith("aes") && name.endsWith("-ctr")),
                names.stream().filter(name -> !(name.startsWith("aes") && name.endsWith("-ctr"))))
                .collect(Collectors.joining(","));
    }

    /** The identity file, else the default keys; and the agent's keys where one runs. */
    private void loadIdentities() throws HostException {
        if (identities != null) {
            return;
        }
        String explicit = options.identity() != null ? options.identity().toString() : target.identityFile();
        if (explicit != null) {
            addIdentity(Path.of(expandHome(explicit)), true);
        } else {
            for (String name : DEFAULT_KEYS) {
                Path file = Path.of(System.getProperty("user.home"), ".ssh", name);
                if (Files.isRegularFile(file)) {
                    addIdentity(file, false);
                }
            }
        }
        IdentityRepository files = jsch.getIdentityRepository();
        IdentityRepository agent = explicit == null || target.useAgent() ? agent() : null;
        identities = agent == null ? files : new Combined(files, agent);
    }

    /**
     * A jump host with an identity file of its own logs in with that key (and the agent's);
     * every other hop with the target's keys.
     */
    private IdentityRepository identitiesFor(HostConfig hop) throws HostException {
        String own = hop.identityFile();
        if (hop == target || own == null || own.equals(target.identityFile())) {
            return identities;
        }
        IdentityRepository known = hopIdentities.get(own);
        if (known != null) {
            return known;
        }
        JSch keys = new JSch();
        Path file = Path.of(expandHome(own));
        if (!Files.isRegularFile(file)) {
            throw new HostException(HostException.Kind.AUTHENTICATION, "The identity file " + file + " of the jump"
                    + " host " + hop.name() + " does not exist. Give the path of a private key.");
        }
        try {
            keys.addIdentity(file.toString());
            identityNames.add(file.toString());
        } catch (JSchException e) {
            throw new HostException(HostException.Kind.AUTHENTICATION, "Could not read the private key " + file
                    + " of the jump host " + hop.name() + " (" + e.getMessage() + ").", e);
        }
        IdentityRepository agent = hop.useAgent() ? agent() : null;
        IdentityRepository repository = agent == null ? keys.getIdentityRepository()
                : new Combined(keys.getIdentityRepository(), agent);
        hopIdentities.put(own, repository);
        return repository;
    }

    private void addIdentity(Path file, boolean required) throws HostException {
        if (!Files.isRegularFile(file)) {
            throw new HostException(HostException.Kind.AUTHENTICATION, "The identity file " + file
                    + " does not exist. Give the path of a private key (OpenSSH, PEM or PuTTY format).");
        }
        try {
            jsch.addIdentity(file.toString());
            identityNames.add(file.toString());
        } catch (JSchException e) {
            String message = "Could not read the private key " + file + " (" + e.getMessage()
                    + "). Burnwatch reads OpenSSH, PEM and PuTTY keys; give the private key, not the .pub file.";
            if (required) {
                throw new HostException(HostException.Kind.AUTHENTICATION, message, e);
            }
            LOG.warn(message);
        }
    }

    /**
     * The ssh-agent's socket: {@code SSH_AUTH_SOCK}, or the system property
     * {@code burnwatch.sshAuthSock} where a process cannot change its environment (tests).
     */
    private static IdentityRepository agent() {
        String socket = System.getProperty("burnwatch.sshAuthSock", System.getenv("SSH_AUTH_SOCK"));
        if (socket == null || socket.isBlank() || !Files.exists(Path.of(socket))) {
            return null;
        }
        try {
            SSHAgentConnector connector = new SSHAgentConnector(new UnixDomainSocketFactory(), Path.of(socket));
            if (!connector.isAvailable()) {
                return null;
            }
            return new AgentIdentityRepository(connector);
        } catch (AgentProxyException | RuntimeException e) {
            LOG.warn("The ssh-agent at {} could not be used: {}", socket, e.getMessage());
            return null;
        }
    }

    private static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    /**
     * The jump hosts of a {@code ProxyJump}-style list, resolving saved hosts' names, then
     * aliases of {@code ~/.ssh/config} (and their own jumps); anything else is an address.
     */
    private List<HostConfig> jumpHosts(String spec, int depth) throws HostException {
        List<HostConfig> hops = new ArrayList<>();
        if (spec == null || spec.isBlank() || spec.equalsIgnoreCase("none")) {
            return hops;
        }
        if (depth > 8) {
            throw new HostException(HostException.Kind.OTHER, "The jump hosts of " + target.name()
                    + " lead round in a circle; check the saved hosts' jump host settings");
        }
        for (String part : spec.split(",")) {
            String hop = part.trim();
            Optional<HostConfig> saved = savedHosts.apply(hop);
            if (saved.isEmpty()) {
                saved = SshConfigImporter.resolveDefault(hop);
            }
            if (saved.isPresent()) {
                hops.addAll(jumpHosts(saved.get().jumpHost(), depth + 1));
                hops.add(saved.get());
            } else {
                hops.add(parseHop(hop));
            }
        }
        return hops;
    }

    private HostConfig parseHop(String hop) throws HostException {
        String rest = hop.startsWith("ssh://") ? hop.substring("ssh://".length()) : hop;
        String user = target.user();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        int port = 22;
        int colon = rest.lastIndexOf(':');
        if (colon > 0 && !rest.endsWith("]")) {
            try {
                port = Integer.parseInt(rest.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new HostException(HostException.Kind.OTHER, "The jump host '" + hop
                        + "' has no valid port. Write it as [user@]host[:port]", e);
            }
            rest = rest.substring(0, colon);
        }
        rest = rest.replace("[", "").replace("]", "");
        return new HostConfig(hop, rest, port, user, target.identityFile(), target.useAgent(), null, null, null,
                List.of(), false);
    }

    private HostException failure(HostConfig hop, String knownName, Session session, PassphrasePrompt prompt,
            JSchException e) {
        String where = hop.effectiveUser() + "@" + hop.address() + ":" + hop.effectivePort();
        if (e instanceof JSchUnknownHostKeyException && session != null && session.getHostKey() != null) {
            return unknownKey(knownName, session.getHostKey());
        }
        if (e instanceof JSchChangedHostKeyException && session != null && session.getHostKey() != null) {
            return changedKey(knownName, session.getHostKey());
        }
        if (e instanceof JSchRevokedHostKeyException && session != null && session.getHostKey() != null) {
            HostKey revoked = session.getHostKey();
            ServerHostKey key = new ServerHostKey(knownName, revoked.getType(), revoked.getKey());
            return new HostException(HostException.Kind.HOST_KEY_CHANGED, "The host key of " + knownName + " ("
                    + key.type() + " " + key.fingerprint() + ") is marked @revoked in " + trustStore.files()
                    + ": Burnwatch will not connect with it. The host's owner must give the host a new key.", e);
        }
        if (prompt.refusedKey != null) {
            return new HostException(HostException.Kind.AUTHENTICATION, "The private key " + prompt.refusedKey
                    + " is protected by a passphrase, and none was given (passphrase needed). Run Burnwatch in a"
                    + " terminal to type it, or add the key to ssh-agent (ssh-add " + prompt.refusedKey + ").", e);
        }
        if (prompt.wrongPassphraseFor != null) {
            return new HostException(HostException.Kind.AUTHENTICATION, "Wrong passphrase for the private key "
                    + prompt.wrongPassphraseFor + " (" + MAX_PASSPHRASE_ATTEMPTS + " attempts).", e);
        }
        Throwable network = networkCause(e);
        if (network instanceof UnknownHostException) {
            return new HostException(HostException.Kind.UNREACHABLE, "Could not find the host '" + hop.address()
                    + "': the name does not resolve. Check the address.", e);
        }
        if (network instanceof ConnectException) {
            return new HostException(HostException.Kind.UNREACHABLE, hop.address() + ":" + hop.effectivePort()
                    + " refused the connection: no SSH server listens there. Check the port and that sshd runs.", e);
        }
        if (network instanceof SocketTimeoutException) {
            return new HostException(HostException.Kind.UNREACHABLE, hop.address() + ":" + hop.effectivePort()
                    + " did not answer within " + timeouts.connect().toSeconds()
                    + " s. Check the address, the network and any firewall.", e);
        }
        if (network instanceof NoRouteToHostException) {
            return new HostException(HostException.Kind.UNREACHABLE, "There is no route to " + hop.address()
                    + ". Check the address and the network.", e);
        }
        if (e instanceof JSchAlgoNegoFailException nego && "server_host_key".equals(nego.getAlgorithmName())) {
            String offer = nego.getServerProposal();
            boolean sha1Only = Arrays.stream(offer.split(",")).allMatch(a -> a.equals("ssh-rsa")
                    || a.equals("ssh-dss") || a.startsWith("ssh-rsa-cert") || a.startsWith("ssh-dss-cert"));
            return new HostException(HostException.Kind.OTHER, "Could not connect to " + where
                    + ": no matching host key type. The server offers only " + offer + (sha1Only
                    ? ", which signs with SHA-1; Burnwatch refuses that, as OpenSSH has by default since 8.8."
                    : ", none of which Burnwatch accepts.")
                    + " The host needs an sshd that offers an ed25519, ECDSA or rsa-sha2-256/512 host key:"
                    + " OpenSSH 7.2 and later signs RSA keys with rsa-sha2, and 'ssh-keygen -A' on the host adds"
                    + " the missing key types.", e);
        }
        if (e instanceof JSchAlgoNegoFailException) {
            return new HostException(HostException.Kind.OTHER, "Burnwatch and the SSH server at " + where
                    + " share no algorithm (" + e.getMessage() + "). Burnwatch needs a server that offers"
                    + " ed25519, ECDSA or rsa-sha2-256/512 keys.", e);
        }
        if (isAuthFailure(e)) {
            return new HostException(HostException.Kind.AUTHENTICATION, "The host " + where + " refused the login"
                    + " of user '" + hop.effectiveUser() + "' with " + describeKeys()
                    + ". Check the user name, and that the public key is in ~/.ssh/authorized_keys of '"
                    + hop.effectiveUser() + "' on the host.", e);
        }
        if (network instanceof IOException || messageOf(e).contains("closed by foreign host")) {
            return new HostException(HostException.Kind.UNREACHABLE, "The connection to " + where
                    + " closed during login (" + messageOf(network == null ? e : network)
                    + "). Check that this is an SSH server and that it accepts this machine.", e);
        }
        return new HostException(HostException.Kind.OTHER, "Could not connect to " + where + ": " + e.getMessage(), e);
    }

    private HostKeyUnknownException unknownKey(String knownName, HostKey hostKey) {
        ServerHostKey key = new ServerHostKey(knownName, hostKey.getType(), hostKey.getKey());
        String approved = options.trustHostKey();
        String why = approved == null ? ""
                : " It does not match --trust-host-key " + approved + ", so it was not trusted.";
        String compare = " Compare it with the host's own fingerprint (on the host: ssh-keygen -lf "
                + hostKeyFile(key.type()) + "), then trust it in the console or run again with --trust-host-key "
                + key.fingerprint();
        List<String> others = trustStore.otherKeys(key);
        if (!others.isEmpty()) {
            return new HostKeyUnknownException(key, trustStore, "The host " + knownName + " offered a " + key.type()
                    + " key (" + key.fingerprint() + "), but only keys of another type are trusted for it: "
                    + String.join(", ", others) + ". A host that was given a new kind of key looks like this, and so"
                    + " does someone intercepting the connection: do not trust the new key before you checked it."
                    + why + compare);
        }
        return new HostKeyUnknownException(key, trustStore, "The host key of " + knownName + " is not known yet: "
                + key.type() + " " + key.fingerprint() + "." + why + compare);
    }

    /** Where an OpenSSH server keeps its public host key of {@code type}. */
    static String hostKeyFile(String type) {
        String name;
        if (type.startsWith("ecdsa-")) {
            name = "ecdsa";
        } else if (type.equals("ssh-rsa") || type.startsWith("rsa-")) {
            name = "rsa";
        } else if (type.equals("ssh-dss")) {
            name = "dsa";
        } else {
            name = "ed25519";
        }
        return "/etc/ssh/ssh_host_" + name + "_key.pub";
    }

    private HostException changedKey(String knownName, HostKey hostKey) {
        ServerHostKey key = new ServerHostKey(knownName, hostKey.getType(), hostKey.getKey());
        String entry = trustStore.changedEntry(key).orElse("its line in " + trustStore.writableFile());
        return new HostException(HostException.Kind.HOST_KEY_CHANGED, "The host key of " + knownName
                + " changed since it was trusted: it now shows " + key.type() + " " + key.fingerprint() + "."
                + " Either the host was reinstalled or rebuilt, or someone is intercepting the connection."
                + " Ask the host's owner; if the host was rebuilt, remove " + entry
                + " (ssh-keygen -R '" + knownName + "' -f FILE does that) and connect again to trust the new key.");
    }

    private String describeKeys() {
        List<String> names = new ArrayList<>(identityNames);
        if (identities instanceof Combined) {
            names.add("the ssh-agent's keys");
        }
        return names.isEmpty() ? "no key (none given, no default key in ~/.ssh, no ssh-agent)"
                : "the key" + (names.size() > 1 ? "s " : " ") + String.join(", ", names);
    }

    private static boolean isAuthFailure(JSchException e) {
        String message = messageOf(e);
        return message.contains("Auth fail") || message.contains("USERAUTH fail") || message.contains("Auth cancel");
    }

    private static Throwable networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return t;
            }
        }
        return null;
    }

    private static String messageOf(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * JSch's logging through SLF4J, except that a key failing to decrypt (each wrong
     * passphrase) is logged at debug level: it is an expected outcome that the login's own
     * message explains, and an operator should not see a stack trace for it.
     */
    private static final class ExpectedFailuresQuiet implements com.jcraft.jsch.Logger {

        private final com.jcraft.jsch.Logger delegate;

        ExpectedFailuresQuiet(com.jcraft.jsch.Logger delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean isEnabled(int level) {
            return delegate.isEnabled(level) || delegate.isEnabled(DEBUG);
        }

        @Override
        public void log(int level, String message) {
            log(level, message, null);
        }

        @Override
        public void log(int level, String message, Throwable cause) {
            int effective = message != null && message.startsWith("failed to parse key") ? DEBUG : level;
            if (delegate.isEnabled(effective)) {
                delegate.log(effective, message, cause);
            }
        }
    }

    /** Answers JSch's passphrase questions from the provider; asks nothing else. */
    private static final class PassphrasePrompt implements UserInfo {

        private final PassphraseProvider provider;
        private String passphrase;
        private int attempts;
        private String refusedKey;
        private String wrongPassphraseFor;

        PassphrasePrompt(PassphraseProvider provider) {
            this.provider = provider;
        }

        @Override
        public String getPassphrase() {
            String given = passphrase;
            passphrase = null;
            return given;
        }

        @Override
        public String getPassword() {
            return null;
        }

        @Override
        public boolean promptPassword(String message) {
            return false;
        }

        @Override
        public boolean promptPassphrase(String message) {
            String key = message.startsWith("Passphrase for ") ? message.substring("Passphrase for ".length())
                    : message;
            attempts++;
            if (attempts > MAX_PASSPHRASE_ATTEMPTS) {
                wrongPassphraseFor = key;
                return false;
            }
            Optional<char[]> given = provider.passphrase(key, attempts);
            if (given.isEmpty()) {
                if (attempts == 1) {
                    refusedKey = key;
                } else {
                    wrongPassphraseFor = key;
                }
                return false;
            }
            char[] chars = given.get();
            passphrase = new String(chars);
            Arrays.fill(chars, '\0');
            return true;
        }

        @Override
        public boolean promptYesNo(String message) {
            return false;
        }

        @Override
        public void showMessage(String message) {
            LOG.info("The SSH server says: {}", message);
        }
    }

    /** The identity files' keys first, then the agent's, as one repository. */
    private static final class Combined implements IdentityRepository {

        private final IdentityRepository files;
        private final IdentityRepository agent;

        Combined(IdentityRepository files, IdentityRepository agent) {
            this.files = files;
            this.agent = agent;
        }

        @Override
        public String getName() {
            return "identity files and ssh-agent";
        }

        @Override
        public int getStatus() {
            return RUNNING;
        }

        @Override
        public Vector<Identity> getIdentities() {
            Vector<Identity> all = new Vector<>(files.getIdentities());
            try {
                all.addAll(agent.getIdentities());
            } catch (RuntimeException e) {
                LOG.warn("Could not list the ssh-agent's keys: {}", e.getMessage());
            }
            return all;
        }

        @Override
        public boolean add(byte[] identity) {
            return files.add(identity);
        }

        @Override
        public boolean remove(byte[] blob) {
            return files.remove(blob);
        }

        @Override
        public void removeAll() {
            files.removeAll();
        }
    }

    /** Connects with a timeout and counts the bytes that arrive (JSch's own sockets have neither). */
    private static final class TimedSocketFactory implements SocketFactory {

        private final int connectMillis;
        private final AtomicLong received;

        TimedSocketFactory(int connectMillis, AtomicLong received) {
            this.connectMillis = connectMillis;
            this.received = received;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(host, port), connectMillis);
                socket.setTcpNoDelay(true);
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        @Override
        public InputStream getInputStream(Socket socket) throws IOException {
            InputStream in = socket.getInputStream();
            if (received == null) {
                return in;
            }
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        received.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        received.addAndGet(n);
                    }
                    return n;
                }
            };
        }

        @Override
        public OutputStream getOutputStream(Socket socket) throws IOException {
            return socket.getOutputStream();
        }
    }
}
