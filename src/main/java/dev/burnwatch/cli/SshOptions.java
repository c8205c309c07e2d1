package dev.burnwatch.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** SSH options on every command that connects to a host. */
public final class SshOptions {

    @Option(names = "--identity", paramLabel = "FILE", description = "Private key to log in with.")
    public Path identity;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "known_hosts file to check host keys against (trust decisions are read from it too).")
    public Path knownHosts;

    @Option(names = "--trust-host-key", paramLabel = "SHA256:...",
            description = "Trust an unknown host key if its fingerprint is exactly this.")
    public String trustHostKey;
}
