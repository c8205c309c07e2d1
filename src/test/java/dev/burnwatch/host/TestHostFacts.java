package dev.burnwatch.host;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/**
 * How to reach the real test host (../shared/testhost/README.md), from the TESTHOST_*
 * variables that .ci/run sets. Without them the test is skipped, unless the system
 * property {@code burnwatch.testhost.required=true} says a test host must be there: then
 * the test fails, so that an integration stage whose tests all skipped cannot pass.
 *
 * @param address the host's address
 * @param port its sshd port
 * @param user the login
 * @param key the login's private key
 * @param knownHosts a known_hosts file that lists the host's key
 */
public record TestHostFacts(String address, int port, String user, Path key, Path knownHosts) {

    /** The property that turns a missing test host from a skip into a failure. */
    public static final String REQUIRED = "burnwatch.testhost.required";

    /** The facts from the environment; skips or fails the calling test when they are missing. */
    public static TestHostFacts fromEnvironment() {
        boolean present = System.getenv("TESTHOST_PORT") != null && System.getenv("TESTHOST_KEY") != null
                && System.getenv("TESTHOST_KNOWN_HOSTS") != null;
        if (!present && Boolean.getBoolean(REQUIRED)) {
            fail(REQUIRED + " is set but TESTHOST_PORT, TESTHOST_KEY or TESTHOST_KNOWN_HOSTS is not:"
                    + " start ../shared/testhost/start-host.sh and pass its facts (see .ci/run)");
        }
        assumeTrue(present, "TESTHOST_* is not set: no test host to run against");
        return new TestHostFacts(System.getenv().getOrDefault("TESTHOST_ADDRESS", "127.0.0.1"),
                Integer.parseInt(System.getenv("TESTHOST_PORT")), System.getenv().getOrDefault("TESTHOST_USER",
                "ubuntu"), Path.of(System.getenv("TESTHOST_KEY")), Path.of(System.getenv("TESTHOST_KNOWN_HOSTS")));
    }

    /** {@code ssh://user@address:port} followed by {@code path}. */
    public String uri(String path) {
        return "ssh://" + user + "@" + address + ":" + port + path;
    }
}
