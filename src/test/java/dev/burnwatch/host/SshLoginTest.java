package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging in and trusting host keys as OpenSSH does, against a real embedded SSH server. */
class SshLoginTest {

    @TempDir
    Path temp;

    private EmbeddedSshServer server;

    @BeforeEach
    void start() throws Exception {
        System.setProperty("burnwatch.home", temp.resolve("burnwatch").toString());
        server = EmbeddedSshServer.start(temp.resolve("server"));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        System.clearProperty("burnwatch.home");
    }

    @Test
    void anUnknownHostKeyIsRefusedWithItsTypeAndFingerprint() {
        Path empty = temp.resolve("known_hosts");

        assertThatThrownBy(() -> open(new ConnectOptions(server.clientKey(), empty, null)))
                .isInstanceOfSatisfying(HostKeyUnknownException.class, e -> {
                    assertThat(e.kind()).isEqualTo(HostException.Kind.HOST_KEY_UNKNOWN);
                    assertThat(e.keyType()).isEqualTo("ssh-ed25519");
                    assertThat(e.fingerprint()).isEqualTo(server.hostKeyFingerprint()).startsWith("SHA256:");
                    assertThat(e.getMessage()).contains("[127.0.0.1]:" + server.port())
                            .contains("--trust-host-key " + server.hostKeyFingerprint());
                });
        assertThat(empty).doesNotExist();
    }

    @Test
    void anUnknownKeyTrustedByTheOperatorIsRecordedAndTheNextConnectionSucceeds() throws Exception {
        Path knownHosts = temp.resolve("known_hosts");
        ConnectOptions options = new ConnectOptions(server.clientKey(), knownHosts, null);
        HostKeyUnknownException refusal = null;
        try {
            open(options).close();
        } catch (HostKeyUnknownException e) {
            refusal = e;
        }

        refusal.trust();

        try (Host host = open(options)) {
            assertThat(host.exec("echo ok", Duration.ofSeconds(10)).stdout()).isEqualTo("ok\n");
        }
        assertThat(Files.readString(ownKnownHosts())).isEqualTo(server.knownHostsLine() + "\n");
        assertThat(knownHosts).doesNotExist();
    }

    @Test
    void aMatchingTrustHostKeyFlagTrustsTheKeyAndRecordsItInBurnwatchsOwnFileOnly() throws Exception {
        Path knownHosts = temp.resolve("known_hosts");

        try (Host host = open(new ConnectOptions(server.clientKey(), knownHosts, server.hostKeyFingerprint()))) {
            assertThat(host.exec("true", Duration.ofSeconds(10)).exitStatus()).isZero();
        }

        assertThat(Files.readString(ownKnownHosts())).contains(server.knownHostsLine());
        assertThat(knownHosts).doesNotExist();
        open(new ConnectOptions(server.clientKey(), knownHosts, null)).close();
    }

    @Test
    void theKnownHostsFileNamedByTheFlagIsNeverRewritten() throws Exception {
        Path real = Files.writeString(temp.resolve("users_known_hosts"), "example.org ssh-ed25519 "
                + "AAAAC3NzaC1lZDI1NTE5AAAAIHcVRsdXE5nJsLpr2/mvcqTrRSfAsbmvBWBV+Tgs7nQS\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r--r--"));
        Path link = Files.createSymbolicLink(temp.resolve("known_hosts_link"), real);
        Object inode = Files.readAttributes(real, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        String before = Files.readString(real);

        open(new ConnectOptions(server.clientKey(), link, server.hostKeyFingerprint())).close();

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo(before);
        assertThat(Files.readAttributes(real, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isEqualTo(inode);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(ownKnownHosts())).contains(server.knownHostsLine());
    }

    @Test
    void anUnknownKeyNamesTheHostKeyFileOfItsOwnTypeToCompareWith() throws Exception {
        assertThatThrownBy(() -> open(new ConnectOptions(server.clientKey(), temp.resolve("kh"), null)))
                .hasMessageContaining("ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub");

        server.changeHostKeyTo("ecdsa");
        assertThatThrownBy(() -> open(new ConnectOptions(server.clientKey(), temp.resolve("kh"), null)))
                .isInstanceOfSatisfying(HostKeyUnknownException.class,
                        e -> assertThat(e.keyType()).isEqualTo("ecdsa-sha2-nistp256"))
                .hasMessageContaining("ssh-keygen -lf /etc/ssh/ssh_host_ecdsa_key.pub");

        server.changeHostKeyTo("rsa");
        assertThatThrownBy(() -> open(new ConnectOptions(server.clientKey(), temp.resolve("kh"), null)))
                .isInstanceOfSatisfying(HostKeyUnknownException.class,
                        e -> assertThat(e.keyType()).isEqualTo("ssh-rsa"))
                .hasMessageContaining("ssh-keygen -lf /etc/ssh/ssh_host_rsa_key.pub");
    }

    @Test
    void aHostOfferingAKeyOfANewTypeWhileAnotherTypeIsTrustedIsNotCalledUnknown() throws Exception {
        Path knownHosts = server.knownHostsFile();
        String trusted = server.hostKeyFingerprint();
        server.changeHostKeyTo("ecdsa");

        assertThatThrownBy(() -> open(new ConnectOptions(server.clientKey(), knownHosts, null)))
                .isInstanceOfSatisfying(HostKeyUnknownException.class,
                        e -> assertThat(e.fingerprint()).isEqualTo(server.hostKeyFingerprint()))
                .hasMessageNotContaining("not known yet")
                .hasMessageContaining("offered a ecdsa-sha2-nistp256 key")
                .hasMessageContaining("only keys of another type are trusted for it: ssh-ed25519 " + trusted
                        + " (line 1 of " + knownHosts + ")")
                .hasMessageContaining("ssh_host_ecdsa_key.pub");
    }

    @Test
    void aMalformedTrustHostKeyFlagIsBadInputNotAMismatch() {
        assertThatThrownBy(() -> new ConnectOptions(server.clientKey(), null, "garbage"))
                .isInstanceOf(dev.burnwatch.BadInputException.class)
                .hasMessageContaining("'garbage' is not a SHA256 fingerprint")
                .hasMessageContaining("it looks like SHA256:<43 base64 chars>");
        assertThatThrownBy(() -> new ConnectOptions(null, null, server.hostKeyFingerprint().substring(1)))
                .isInstanceOf(dev.burnwatch.BadInputException.class);
    }

    @Test
    void aTrustHostKeyFlagWithAnotherFingerprintIsRefused() {
        String other = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        assertThatThrownBy(() -> open(new ConnectOptions(server.clientKey(), temp.resolve("kh"), other)))
                .isInstanceOf(HostKeyUnknownException.class)
                .hasMessageContaining("does not match --trust-host-key " + other);
    }

    @Test
    void aChangedHostKeyIsRefusedNamingTheFileAndLineToRemove() throws Exception {
        Path knownHosts = temp.resolve("known_hosts");
        Files.writeString(knownHosts, "# trusted hosts\nexample.org ssh-ed25519 "
                + "AAAAC3NzaC1lZDI1NTE5AAAAIHcVRsdXE5nJsLpr2/mvcqTrRSfAsbmvBWBV+Tgs7nQS\n"
                + server.knownHostsLine() + "\n");
        server.changeHostKey();

        assertThatThrownBy(() -> open(new ConnectOptions(server.clientKey(), knownHosts, null)))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("changed since it was trusted")
                .hasMessageContaining("line 3 of " + knownHosts)
                .hasMessageContaining(server.hostKeyFingerprint())
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.HOST_KEY_CHANGED);
    }

    @Test
    void aChangedKeyIsRefusedEvenWhenTheTrustFlagNamesTheNewKey() throws Exception {
        Path knownHosts = server.knownHostsFile();
        server.changeHostKey();

        assertThatThrownBy(() -> open(new ConnectOptions(server.clientKey(), knownHosts,
                server.hostKeyFingerprint())))
                .isInstanceOf(HostException.class)
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.HOST_KEY_CHANGED);
    }

    @Test
    void withoutAKnownHostsFlagTrustGoesToBurnwatchsOwnFileAndTheUsersFileIsLeftAlone() throws Exception {
        Path userKnownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        String before = Files.exists(userKnownHosts) ? Files.readString(userKnownHosts) : null;
        ConnectOptions options = new ConnectOptions(server.clientKey(), null, server.hostKeyFingerprint());

        open(options).close();

        Path own = temp.resolve("burnwatch").resolve("known_hosts");
        assertThat(Files.readString(own)).contains(server.knownHostsLine());
        String after = Files.exists(userKnownHosts) ? Files.readString(userKnownHosts) : null;
        assertThat(after).isEqualTo(before);
        open(new ConnectOptions(server.clientKey(), null, null)).close();
    }

    @Test
    void aRevokedHostKeyIsRefusedEvenWhenAnotherLineTrustsIt() throws Exception {
        Path knownHosts = Files.writeString(temp.resolve("known_hosts"), server.knownHostsLine() + "\n@revoked "
                + server.knownHostsLine() + "\n");

        assertThatThrownBy(() -> open(new ConnectOptions(server.clientKey(), knownHosts, null)))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("@revoked")
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.HOST_KEY_CHANGED);
    }

    @Test
    void aKeyTheServerDoesNotAcceptIsRefusedNamingUserAndKey() throws Exception {
        Path wrong = server.unauthorisedClientKey("id_wrong");

        assertThatThrownBy(() -> open(new ConnectOptions(wrong, server.knownHostsFile(), null)))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("refused the login of user 'agent'")
                .hasMessageContaining(wrong.toString())
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.AUTHENTICATION);
    }

    @Test
    void aWrongUserIsRefused() {
        Location location = new Location(Location.Kind.SSH, "root", "127.0.0.1", server.port(), null);

        assertThatThrownBy(() -> Hosts.open(location, server.connectOptions(), PassphraseProvider.NONE))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("user 'root'")
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.AUTHENTICATION);
    }

    @Test
    void anEncryptedKeyWithoutAPassphraseSaysAPassphraseIsNeeded() throws Exception {
        Path key = server.newClientKey("id_locked", "correct horse");

        assertThatThrownBy(() -> open(new ConnectOptions(key, server.knownHostsFile(), null)))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("passphrase needed")
                .hasMessageContaining(key.toString())
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.AUTHENTICATION);
    }

    @Test
    void anEncryptedOpenSshKeyLogsInWithItsPassphrase() throws Exception {
        Path key = server.newClientKey("id_locked", "correct horse");
        AtomicInteger asked = new AtomicInteger();
        PassphraseProvider provider = (file, attempt) -> {
            asked.incrementAndGet();
            return Optional.of("correct horse".toCharArray());
        };

        try (Host host = Hosts.open(server.location(null), new ConnectOptions(key, server.knownHostsFile(), null),
                provider)) {
            assertThat(host.exec("echo in", Duration.ofSeconds(10)).stdout()).isEqualTo("in\n");
        }
        assertThat(asked).hasValue(1);
    }

    @Test
    void aWrongPassphraseIsRefusedAfterThreeAttempts() throws Exception {
        Path key = server.newClientKey("id_locked", "correct horse");
        AtomicInteger asked = new AtomicInteger();
        PassphraseProvider provider = (file, attempt) -> {
            asked.incrementAndGet();
            return Optional.of("wrong".toCharArray());
        };

        assertThatThrownBy(() -> Hosts.open(server.location(null),
                new ConnectOptions(key, server.knownHostsFile(), null), provider))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("Wrong passphrase");
        assertThat(asked).hasValue(3);
    }

    @Test
    void anRsaKeyInPemFormatLogsInWithRsaSha2() throws Exception {
        Path key = server.newPemRsaClientKey("id_rsa_pem", null);
        server.acceptOnlySignatures(BuiltinSignatures.ed25519, BuiltinSignatures.rsaSHA256,
                BuiltinSignatures.rsaSHA512);

        try (Host host = open(new ConnectOptions(key, server.knownHostsFile(), null))) {
            assertThat(host.exec("echo rsa", Duration.ofSeconds(10)).stdout()).isEqualTo("rsa\n");
        }
    }

    @Test
    void anRsaKeyIsNeverSignedWithSha1EvenWhereTheServerWouldOnlyTakeThat() throws Exception {
        Path key = server.newPemRsaClientKey("id_rsa_pem", null);
        server.acceptOnlySignatures(BuiltinSignatures.ed25519, BuiltinSignatures.rsa);

        assertThatThrownBy(() -> open(new ConnectOptions(key, server.knownHostsFile(), null)))
                .isInstanceOf(HostException.class)
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.AUTHENTICATION);
    }

    @Test
    void aServerWhoseOnlyHostKeyAlgorithmIsSha1RsaIsRefusedSayingSo() throws Exception {
        server.changeHostKeyTo("rsa");
        server.acceptOnlySignatures(BuiltinSignatures.rsa);
        Path knownHosts = server.knownHostsFile();

        assertThatThrownBy(() -> open(new ConnectOptions(server.clientKey(), knownHosts, null)))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("no matching host key type")
                .hasMessageContaining("offers only ssh-rsa")
                .hasMessageContaining("SHA-1");
    }

    @Test
    void anEncryptedPemKeyLogsInWithItsPassphrase() throws Exception {
        Path key = server.newPemRsaClientKey("id_rsa_pem", "s3cret");

        try (Host host = Hosts.open(server.location(null), new ConnectOptions(key, server.knownHostsFile(), null),
                PassphraseProvider.fixed("s3cret".toCharArray()))) {
            assertThat(host.exec("echo pem", Duration.ofSeconds(10)).stdout()).isEqualTo("pem\n");
        }
    }

    @Test
    void aPuttyKeyLogsIn() throws Exception {
        PuttyKeyFiles.Written key = PuttyKeyFiles.writeRsa(temp.resolve("plain.ppk"), null);
        server.authorise(key.publicKeyLine());

        try (Host host = open(new ConnectOptions(key.file(), server.knownHostsFile(), null))) {
            assertThat(host.exec("echo putty", Duration.ofSeconds(10)).stdout()).isEqualTo("putty\n");
        }
    }

    @Test
    void anEncryptedPuttyV3KeyLogsInWithItsPassphraseAndSaysWhenOneIsNeeded() throws Exception {
        PuttyKeyFiles.Written key = PuttyKeyFiles.writeRsa(temp.resolve("locked.ppk"), "putty pass");
        server.authorise(key.publicKeyLine());
        ConnectOptions options = new ConnectOptions(key.file(), server.knownHostsFile(), null);

        try (Host host = Hosts.open(server.location(null), options,
                PassphraseProvider.fixed("putty pass".toCharArray()))) {
            assertThat(host.exec("echo putty", Duration.ofSeconds(10)).stdout()).isEqualTo("putty\n");
        }
        assertThatThrownBy(() -> open(options)).hasMessageContaining("passphrase needed");
    }

    @Test
    void withoutAnIdentityTheKeysOfTheSshAgentLogIn() throws Exception {
        Path agentBinary = Path.of("/usr/bin/ssh-agent");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(agentBinary), "ssh-agent is needed");
        Path socket = temp.resolve("agent.sock");
        Process agent = new ProcessBuilder(agentBinary.toString(), "-D", "-a", socket.toString())
                .redirectErrorStream(true).start();
        try {
            waitForFile(socket);
            Files.setPosixFilePermissions(server.clientKey(), PosixFilePermissions.fromString("rw-------"));
            ProcessBuilder add = new ProcessBuilder("ssh-add", server.clientKey().toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process adding = add.start();
            String said = new String(adding.getInputStream().readAllBytes());
            assertThat(adding.waitFor()).as(said).isZero();
            System.setProperty("burnwatch.sshAuthSock", socket.toString());

            try (Host host = open(new ConnectOptions(null, server.knownHostsFile(), null))) {
                assertThat(host.exec("echo agent", Duration.ofSeconds(10)).stdout()).isEqualTo("agent\n");
            }
        } finally {
            System.clearProperty("burnwatch.sshAuthSock");
            agent.destroy();
            agent.waitFor();
        }
    }

    @Test
    void withoutAnIdentityOrAgentTheDefaultKeyInDotSshLogsIn() throws Exception {
        Path home = Files.createDirectories(temp.resolve("user-home/.ssh")).getParent();
        Files.copy(server.clientKey(), home.resolve(".ssh/id_ed25519"));
        String realHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try (Host host = open(new ConnectOptions(null, server.knownHostsFile(), null))) {
            assertThat(host.exec("echo default", Duration.ofSeconds(10)).stdout()).isEqualTo("default\n");
        } finally {
            System.setProperty("user.home", realHome);
        }
    }

    private static void waitForFile(Path file) throws InterruptedException {
        for (int i = 0; i < 100 && !Files.exists(file); i++) {
            Thread.sleep(50);
        }
    }

    @Test
    void aMissingIdentityFileIsNamed() {
        Path missing = temp.resolve("no_such_key");

        assertThatThrownBy(() -> open(new ConnectOptions(missing, server.knownHostsFile(), null)))
                .isInstanceOf(HostException.class)
                .hasMessageContaining(missing + " does not exist");
    }

    @Test
    void aClosedPortIsReportedAsRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Location location = new Location(Location.Kind.SSH, "agent", "127.0.0.1", port, null);

        assertThatThrownBy(() -> Hosts.open(location, server.connectOptions(), PassphraseProvider.NONE))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("refused the connection")
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.UNREACHABLE);
    }

    @Test
    void aNameThatDoesNotResolveIsReportedAsUnreachable() {
        Location location = new Location(Location.Kind.SSH, "agent", "no-such-host.invalid", 22, null);

        assertThatThrownBy(() -> Hosts.open(location, server.connectOptions(), PassphraseProvider.NONE))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("does not resolve")
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.UNREACHABLE);
    }

    @Test
    void aServerThatNeverAnswersTimesOutInsteadOfHanging() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HostConfig config = HostConfig.of("silent", "127.0.0.1", silent.getLocalPort(), "agent");
            SshTimeouts quick = new SshTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                    3, 1, Duration.ofMillis(10));
            long start = System.nanoTime();

            assertThatThrownBy(() -> Hosts.open(config, server.connectOptions(), PassphraseProvider.NONE, quick))
                    .isInstanceOf(HostException.class)
                    .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.UNREACHABLE);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void connectsThroughAJumpHost() throws Exception {
        try (EmbeddedSshServer target = EmbeddedSshServer.start(temp.resolve("target"))) {
            server.authorise(target.clientPublicKeyLine());
            Path knownHosts = temp.resolve("both_known_hosts");
            Files.writeString(knownHosts, server.knownHostsLine() + "\n" + target.knownHostsLine() + "\n");
            HostConfig config = HostConfig.of("behind", "127.0.0.1", target.port(), "agent")
                    .withJumpHost("agent@127.0.0.1:" + server.port());

            try (Host host = Hosts.open(config, new ConnectOptions(target.clientKey(), knownHosts, null),
                    PassphraseProvider.NONE)) {
                assertThat(host.homeDir()).isEqualTo(target.home().toString());
                assertThat(host.id()).isEqualTo("agent@127.0.0.1:" + target.port());
            }
        }
    }

    @Test
    void anImportedHostWhoseProxyJumpIsAnSshConfigAliasJumpsWithTheAliasesAddressUserAndKey() throws Exception {
        try (EmbeddedSshServer target = EmbeddedSshServer.start(temp.resolve("target"))) {
            Path home = Files.createDirectories(temp.resolve("user-home/.ssh")).getParent();
            Path config = Files.writeString(home.resolve(".ssh/config"), String.join("\n",
                    "Host bastion",
                    "  HostName 127.0.0.1",
                    "  Port " + server.port(),
                    "  User agent",
                    "  IdentityFile " + server.clientKey(),
                    "",
                    "Host behind",
                    "  HostName 127.0.0.1",
                    "  Port " + target.port(),
                    "  User agent",
                    "  IdentityFile " + target.clientKey(),
                    "  ProxyJump bastion",
                    ""));
            Path knownHosts = Files.writeString(temp.resolve("both_known_hosts"), server.knownHostsLine() + "\n"
                    + target.knownHostsLine() + "\n");
            HostConfig behind = SshConfigImporter.importFile(config).stream()
                    .filter(h -> h.name().equals("behind")).findFirst().orElseThrow();
            String realHome = System.getProperty("user.home");
            System.setProperty("user.home", home.toString());
            int jumpConnectionsBefore = server.activeConnections();
            try (Host host = Hosts.open(behind, new ConnectOptions(null, knownHosts, null), PassphraseProvider.NONE)) {
                assertThat(host.homeDir()).isEqualTo(target.home().toString());
                assertThat(server.activeConnections()).isEqualTo(jumpConnectionsBefore + 1);
            } finally {
                System.setProperty("user.home", realHome);
            }
        }
    }

    @Test
    void aSavedHostOfTheJumpAliasesNameWinsOverSshConfig() throws Exception {
        try (EmbeddedSshServer target = EmbeddedSshServer.start(temp.resolve("target"))) {
            Path home = Files.createDirectories(temp.resolve("user-home/.ssh")).getParent();
            Files.writeString(home.resolve(".ssh/config"), "Host bastion\n  HostName no-such-host.invalid\n");
            HostStore.fromEnvironment().save(HostConfig.of("bastion", "127.0.0.1", server.port(), "agent")
                    .withIdentityFile(server.clientKey().toString()));
            Path knownHosts = Files.writeString(temp.resolve("both_known_hosts"), server.knownHostsLine() + "\n"
                    + target.knownHostsLine() + "\n");
            HostConfig behind = HostConfig.of("behind", "127.0.0.1", target.port(), "agent")
                    .withIdentityFile(target.clientKey().toString()).withJumpHost("bastion");
            String realHome = System.getProperty("user.home");
            System.setProperty("user.home", home.toString());
            try (Host host = Hosts.open(behind, new ConnectOptions(null, knownHosts, null), PassphraseProvider.NONE)) {
                assertThat(host.homeDir()).isEqualTo(target.home().toString());
            } finally {
                System.setProperty("user.home", realHome);
            }
        }
    }

    @Test
    void aSavedHostOpensByName() throws Exception {
        HostStore store = HostStore.fromEnvironment();
        store.save(HostConfig.of("prod-agents", "127.0.0.1", server.port(), "agent")
                .withIdentityFile(server.clientKey().toString()));

        try (Host host = Hosts.open(Location.parse("prod-agents"),
                new ConnectOptions(null, server.knownHostsFile(), null), PassphraseProvider.NONE)) {
            assertThat(host.homeDir()).isEqualTo(server.home().toString());
        }
    }

    private Host open(ConnectOptions options) throws HostException {
        return Hosts.open(server.location(null), options, PassphraseProvider.NONE);
    }

    private Path ownKnownHosts() {
        return temp.resolve("burnwatch").resolve("known_hosts");
    }
}
