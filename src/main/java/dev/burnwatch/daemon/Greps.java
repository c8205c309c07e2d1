package dev.burnwatch.daemon;

import dev.burnwatch.host.CommandResult;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.ShellQuote;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code grep -n} lines an operator types to check a daemon script by hand, run on the
 * host as typed: one for the cap and one for the model pin, whichever way the pin is written
 * (an {@code ANTHROPIC_MODEL} export or assignment, or a {@code --model} flag).
 */
public final class Greps {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9_./+@%=,:-]+");

    private final Host host;

    public Greps(Host host) {
        this.host = host;
    }

    /** {@code grep -n -- '--max-turns' FILE}. */
    public GrepResult cap(String path) throws HostException {
        return run("grep -n -- '--max-turns' " + typed(path));
    }

    /** {@code grep -n 'ANTHROPIC_MODEL\|--model' FILE}. */
    public GrepResult model(String path) throws HostException {
        return run("grep -n 'ANTHROPIC_MODEL\\|--model' " + typed(path));
    }

    private GrepResult run(String command) throws HostException {
        CommandResult result = host.exec(command, TIMEOUT);
        if (result.exitStatus() > 1) {
            throw new HostException(HostException.Kind.OTHER, "'" + command + "' failed on " + host.id() + ": "
                    + result.stderr().strip());
        }
        String out = result.stdout().strip();
        return new GrepResult(command, out.isEmpty() ? List.of() : List.of(out.split("\n")));
    }

    /** The path as an operator would type it: bare when that is safe, quoted otherwise. */
    static String typed(String path) {
        return PLAIN_PATH.matcher(path).matches() ? path : ShellQuote.quote(path);
    }
}
