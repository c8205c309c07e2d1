package dev.burnwatch.demo;

import dev.burnwatch.BadInputException;
import dev.burnwatch.config.AppDirs;
import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded demo host: a real SSH server on 127.0.0.1 in front of a sandbox laid out
 * like an agent host, where the unpatched daemon runs under a service manager, a feeder
 * keeps its queue busy and a stand-in {@code claude} writes real-format transcripts by a
 * demo clock that runs faster than real time. Clients reach it exactly as they reach any
 * host: public-key login with the demo's client key, strict host-key checking against the
 * demo's known_hosts line, exec channels that run real {@code bash -c}, and SFTP.
 *
 * <pre>{@code
 * DemoHost demo = DemoHost.start(AppDirs.fromEnvironment(), DemoOptions.defaults());
 * DemoHost.Info info = demo.info();
 * // connect to info.sshUri() with --identity info.privateKey() --known-hosts info.knownHostsFile()
 * demo.stop();
 * }</pre>
 *
 * <p>Everything lives in {@link AppDirs#demoDir()}: {@code keys/} (kept across resets) and
 * {@code sandbox/} (wiped by {@link #reset()}). A shutdown hook stops the host when the JVM
 * exits. Where the JVM ends without running it (kill -9, a crash), the daemon's launcher sees
 * its pipe to this JVM close and stops the daemon's group, and the next start stops whatever
 * of an earlier run on the same folder still runs ({@code daemon.pid}, {@link Leftovers}).
 */
public final class DemoHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoHost.class);
    private static final String ADDRESS = "127.0.0.1";

    private final AppDirs dirs;
    private final DemoOptions options;
    private final Thread shutdownHook = new Thread(this::stopQuietly, "demo-host-shutdown");
    private Running running;

    private DemoHost(AppDirs dirs, DemoOptions options) {
        this.dirs = dirs;
        this.options = options;
    }

    /**
     * How to reach the demo host, and where things are on it.
     *
     * @param address always 127.0.0.1
     * @param port the SSH port
     * @param user the only user that may log in (this machine's user name)
     * @param privateKey the client key (OpenSSH format, unencrypted, mode 600)
     * @param knownHostsLine the host's line for a known_hosts file ({@code [127.0.0.1]:PORT ecdsa-sha2-nistp256 ...})
     * @param knownHostsFile a known_hosts file holding just that line
     * @param hostKeyFingerprint SHA256 fingerprint of the host key
     * @param homeDir the user's home folder on the host
     * @param scriptPath the daemon script
     * @param unit the daemon's unit
     * @param transcriptsConfigDir the CLI's config dir on the host (holds {@code projects/})
     * @param warnings what the operator should know (missing GNU tools on macOS); usually empty
     */
    public record Info(String address, int port, String user, Path privateKey, String knownHostsLine,
            Path knownHostsFile, String hostKeyFingerprint, String homeDir, String scriptPath, String unit,
            String transcriptsConfigDir, List<String> warnings) {

        public Info {
            warnings = List.copyOf(warnings);
        }

        /** {@code ssh://user@127.0.0.1:PORT}: the HOST form of the command line. */
        public String sshUri() {
            return "ssh://" + user + "@" + address + ":" + port;
        }

        /** The daemon script as a TARGET of {@code patch}, {@code verify} and {@code rollback}. */
        public String scriptUri() {
            return sshUri() + scriptPath;
        }

        /** The transcripts as a SRC of {@code report} and {@code publish}. */
        public String transcriptsUri() {
            return sshUri() + transcriptsConfigDir;
        }
    }

    private record Running(Sandbox sandbox, DemoKeys keys, DemoClock clock, ServiceManager service,
            ControlServer control, TaskFeeder feeder, SshServer ssh, Set<Process> execs, Info info, FileLock lock) {
    }

    /**
     * Starts the demo host: prepares the sandbox (a new one gets the unpatched daemon and a
     * few demo days of history), starts the SSH server, the daemon's unit and the feeder.
     *
     * @throws DemoUnavailableException where the demo cannot run (no bash, not a Unix-like
     *     system) or another Burnwatch runs it on this folder; the message is for the operator
     * @throws BadInputException where the port it was told to use is taken
     * @throws IOException where its folder cannot be set up
     */
    public static DemoHost start(AppDirs dirs, DemoOptions options) throws IOException {
        requireBash();
        Files.createDirectories(dirs.demoDir());
        DemoHost host = new DemoHost(dirs, options);
        host.launch();
        Runtime.getRuntime().addShutdownHook(host.shutdownHook);
        return host;
    }

    /**
     * Wipes the sandbox of a demo host that is not running, so that the next start begins
     * anew (the keys stay).
     *
     * @throws DemoUnavailableException if a demo host runs on this folder
     */
    public static void wipe(AppDirs dirs) throws IOException {
        Files.createDirectories(dirs.demoDir());
        try (FileLock lock = lock(dirs)) {
            Path sandbox = dirs.demoDir().resolve("sandbox");
            Leftovers.stop(dirs.demoDir(), groupFile(dirs), sandbox);
            new Sandbox(sandbox).wipe();
        }
    }

    /** How to reach the host; throws if it is stopped. */
    public synchronized Info info() {
        return requireRunning().info();
    }

    /**
     * What the operator should know about this host (GNU tools this machine lacks, on macOS),
     * for the console to show beside it; usually empty. The same as {@code info().warnings()}.
     */
    public synchronized List<String> warnings() {
        return requireRunning().info().warnings();
    }

    /** The demo clock's time now (what {@code date} on the host says). */
    public synchronized Instant now() {
        return requireRunning().clock().now();
    }

    /** The options the host runs with (its speed, pace and volumes). */
    public DemoOptions options() {
        return options;
    }

    public synchronized boolean isRunning() {
        return running != null;
    }

    /**
     * Stops everything the demo host runs: the SSH server and its commands, the feeder, the
     * daemon's whole process group, the service manager. The demo clock stands still until
     * the next start. Calling it again does nothing.
     */
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        Running current = running;
        running = null;
        try {
            current.ssh().stop(true);
        } catch (IOException e) {
            LOG.warn("The demo SSH server did not stop cleanly: {}", e.toString());
        }
        for (Process process : current.execs()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        current.feeder().close();
        current.service().close();
        current.control().close();
        try {
            current.clock().pause();
            Files.deleteIfExists(current.sandbox().controlFile());
        } catch (IOException e) {
            LOG.warn("Could not save the demo clock: {}", e.toString());
        }
        release(current.lock());
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            LOG.debug("JVM is shutting down; the hook is running");
        }
        LOG.info("Demo host stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Starts over: stops the host, wipes the sandbox (transcripts, patched script, queue,
     * journal, clock) and starts a new one. The keys stay, and so does the port where it is
     * free, so a client that trusted the host still does.
     */
    public synchronized void reset() throws IOException {
        stop();
        wipe(dirs);
        launch();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        LOG.info("Demo host reset");
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the demo host at exit failed: {}", e.toString());
        }
    }

    private Running requireRunning() {
        if (running == null) {
            throw new IllegalStateException("The demo host is stopped");
        }
        return running;
    }

    private Path sandboxDir() {
        return dirs.demoDir().resolve("sandbox");
    }

    private void launch() throws IOException {
        FileLock lock = lock(dirs);
        try {
            launch(lock);
        } catch (IOException | RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    /** One demo host per folder: a second one would run a second daemon on the same queue. */
    private static FileLock lock(AppDirs dirs) throws IOException {
        Path file = dirs.demoDir().resolve("lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new DemoHostBusyException("The demo host in " + dirs.demoDir() + " is already running in "
                    + "another Burnwatch (the console or 'burnwatch demo'); stop that one first");
        }
        return lock;
    }

    private static void release(FileLock lock) {
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            LOG.debug("releasing the demo lock: {}", e.toString());
        }
    }

    private void launch(FileLock lock) throws IOException {
        long started = System.nanoTime();
        if (options.port() != 0 && !isFree(options.port())) {
            throw portInUse(options.port());
        }
        Files.createDirectories(sandboxDir());
        Sandbox sandbox = new Sandbox(sandboxDir().toRealPath());
        // the lock is ours, so no live run uses this folder: whatever of the demo still runs was left behind
        Leftovers.stop(dirs.demoDir(), groupFile(dirs), sandbox.root());
        DemoKeys keys = DemoKeys.load(dirs.demoDir().resolve("keys"));
        boolean fresh = !Files.exists(sandbox.clockFile());
        List<String> warnings = sandbox.prepare();
        ZoneId zone = ZoneId.systemDefault();
        Instant firstStart = options.startAt() != null ? options.startAt()
                : LocalDate.now(zone).atTime(LocalTime.of(9, 0)).atZone(zone).toInstant();
        DemoClock clock = DemoClock.start(sandbox.clockFile(), firstStart, options.speed());
        Journal journal = new Journal(sandbox.journalFile(), clock, hostname(), zone);
        if (fresh) {
            int sessions = new HistorySeeder(sandbox, journal, options, new Random()).seed(clock.now(), zone);
            LOG.debug("demo history: {} sessions", sessions);
        }
        Map<String, String> environment = hostEnvironment(sandbox, dirs.demoDir());
        ServiceManager service = new ServiceManager(sandbox, clock, journal, options, environment,
                groupFile(dirs));
        service.writeUnitFile();
        ControlServer control = new ControlServer(new Systemctl(service, sandbox, journal, clock, zone),
                new Journalctl(journal, clock, zone), sandbox.controlFile());
        Set<Process> execs = ConcurrentHashMap.newKeySet();
        SshServer ssh = null;
        try {
            ssh = startSsh(sandbox, keys, environment, execs);
            Info info = new Info(ADDRESS, ssh.getPort(), environment.get("USER"), keys.privateKeyFile(),
                    keys.knownHostsLine(ADDRESS, ssh.getPort()), keys.knownHostsFile(), keys.hostKeyFingerprint(),
                    sandbox.home().toString(), sandbox.script().toString(), Sandbox.UNIT,
                    sandbox.claudeConfigDir().toString(), warnings);
            SandboxFiles.writeAtomically(keys.knownHostsFile(),
                    (info.knownHostsLine() + "\n").getBytes(StandardCharsets.US_ASCII));
            Files.writeString(portFile(), Integer.toString(info.port()), StandardCharsets.US_ASCII);
            service.start();
            TaskFeeder feeder = new TaskFeeder(sandbox.queueDir(), clock, options.taskInterval());
            running = new Running(sandbox, keys, clock, service, control, feeder, ssh, execs, info, lock);
        } catch (IOException | RuntimeException e) {
            if (ssh != null) {
                ssh.stop(true);
            }
            control.close();
            service.close();
            throw e;
        }
        LOG.info("Demo host listening on {}:{} (demo clock {}x)", ADDRESS, running.info().port(), clock.speed());
        LOG.debug("demo host started in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /** The daemon's process group while it runs ({@link Leftovers}). */
    private static Path groupFile(AppDirs dirs) {
        return dirs.demoDir().resolve("daemon.pid");
    }

    private Path portFile() {
        return dirs.demoDir().resolve("port");
    }

    private SshServer startSsh(Sandbox sandbox, DemoKeys keys, Map<String, String> environment,
            Set<Process> execs) throws IOException {
        int preferred = options.port() != 0 ? options.port() : lastPort();
        // a port that is taken is found out before the SSH server tries it, which would log the failure as an error
        if (preferred != 0 && isFree(preferred)) {
            try {
                return startSsh(preferred, sandbox, keys, environment, execs);
            } catch (BindException e) {
                LOG.debug("port {} was taken just now: {}", preferred, e.toString());
            }
        }
        if (options.port() != 0) {
            throw portInUse(options.port());
        }
        if (preferred != 0) {
            LOG.debug("port {} is taken; using a free one", preferred);
        }
        return startSsh(0, sandbox, keys, environment, execs);
    }

    private static BadInputException portInUse(int port) {
        return new BadInputException("The demo host cannot listen on 127.0.0.1:" + port + ": the port is in use"
                + " (another program, or a demo host of another Burnwatch home). Choose another port with --port,"
                + " or leave --port out for the last one used or any free one.");
    }

    /** True if a server could listen on the port now, with the address reuse the SSH server also asks for. */
    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(ADDRESS, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private SshServer startSsh(int port, Sandbox sandbox, DemoKeys keys, Map<String, String> environment,
            Set<Process> execs) throws IOException {
        String user = environment.get("USER");
        SshServer ssh = SshServer.setUpDefaultServer();
        ssh.setHost(ADDRESS);
        ssh.setPort(port);
        ssh.setKeyPairProvider(keys.hostKeyProvider());
        ssh.setPublickeyAuthenticator((name, key, session) -> user.equals(name) && keys.isClientKey(key));
        ssh.setPasswordAuthenticator(null);
        ssh.setKeyboardInteractiveAuthenticator(null);
        ssh.setCommandFactory((channel, command) -> new SandboxCommand(command, sandbox.home(), environment, execs));
        // a person who logs in to look around gets bash (without a terminal: no line editing)
        ssh.setShellFactory(channel -> new SandboxCommand("exec bash -i 2>&1", sandbox.home(), environment, execs));
        ssh.setSubsystemFactories(List.of(new SandboxSftp(sandbox.home())));
        ssh.setFileSystemFactory(new SandboxFileSystemFactory(sandbox.home()));
        // a console keeps its connection open for hours between refreshes, as OpenSSH allows
        CoreModuleProperties.IDLE_TIMEOUT.set(ssh, Duration.ZERO);
        try {
            ssh.start();
        } catch (IOException e) {
            ssh.stop(true);
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw e instanceof BindException ? (BindException) e : (BindException) e.getCause();
            }
            throw e;
        }
        return ssh;
    }

    private int lastPort() {
        try {
            return Integer.parseInt(Files.readString(portFile(), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The environment of a login on a daemon host, built afresh: nothing of this JVM's (no
     * secrets) leaks in. It carries the demo folder as {@link Leftovers#MARKER}, which every
     * process started on the host inherits, so that a later run can tell them from others'.
     */
    private static Map<String, String> hostEnvironment(Sandbox sandbox, Path demoDir) {
        String user = System.getProperty("user.name");
        String systemPath = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", sandbox.home().toString());
        env.put("USER", user);
        env.put("LOGNAME", user);
        env.put("SHELL", bashPath());
        env.put("PATH", sandbox.binDir() + File.pathSeparator + systemPath);
        env.put(Leftovers.MARKER, Leftovers.markerValue(demoDir));
        for (String name : List.of("LANG", "LC_ALL", "TZ", "TMPDIR")) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) {
                env.put(name, value);
            }
        }
        return env;
    }

    private static String bashPath() {
        List<String> candidates = List.of("/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash",
                "/opt/homebrew/bin/bash");
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "bash";
    }

    private static String hostname() {
        try {
            Process process = new ProcessBuilder("uname", "-n").redirectErrorStream(true).start();
            String name = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor(5, TimeUnit.SECONDS) && !name.isEmpty()) {
                int dot = name.indexOf('.');
                return dot > 0 ? name.substring(0, dot) : name;
            }
        } catch (IOException e) {
            LOG.debug("uname -n failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "demo";
    }

    /** The demo runs real bash scripts; say so clearly where bash is not there. */
    static void requireBash() throws DemoUnavailableException {
        String os = System.getProperty("os.name", "");
        if (os.toLowerCase(Locale.ROOT).contains("win")) {
            throw new DemoUnavailableException("The demo host needs bash on Linux or macOS, and this is " + os
                    + ". Run Burnwatch inside WSL (wsl --install, then Burnwatch in the Linux there) for the demo,"
                    + " or add a real host to watch.");
        }
        try {
            Process process = new ProcessBuilder("bash", "-c", "echo ok").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || !output.equals("ok")) {
                throw new DemoUnavailableException("The demo host needs bash, and 'bash -c' did not work on this "
                        + "machine (it printed: " + output + "). Repair or reinstall bash (Debian/Ubuntu: sudo apt "
                        + "install --reinstall bash) and start again, or add a real host to watch.");
            }
        } catch (IOException e) {
            throw new DemoUnavailableException("The demo host needs bash, which is not on this machine's PATH. "
                    + "Install it (Debian/Ubuntu: sudo apt install bash; Alpine: apk add bash; macOS has it) and "
                    + "start again, or add a real host to watch.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoUnavailableException("Interrupted while looking for bash, which the demo host needs", e);
        }
    }
}
