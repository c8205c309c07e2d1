package dev.burnwatch.cli;

import dev.burnwatch.BadInputException;
import java.nio.file.Files;
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

    /**
     * Refuses a {@code --known-hosts} that is not a file before connecting: otherwise a typo in
     * the path only shows up as "the host key is not known yet". A file without a line for the
     * host is fine (the refusal of an unknown key then says what to do).
     */
    void validate() {
        if (knownHosts == null) {
            return;
        }
        if (Files.isDirectory(knownHosts)) {
            throw new BadInputException("--known-hosts " + knownHosts + " is a folder, not a known_hosts file:"
                    + " give the file itself, e.g. ~/.ssh/known_hosts");
        }
        if (!Files.exists(knownHosts)) {
            throw new BadInputException("--known-hosts " + knownHosts + ": no such file. Check the path, or leave"
                    + " the option out to use ~/.ssh/known_hosts and Burnwatch's own trusted keys");
        }
    }
}
