package dev.burnwatch.cli;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.demo.DemoHost;
import dev.burnwatch.demo.DemoHostBusyException;
import dev.burnwatch.demo.DemoUnavailableException;
import dev.burnwatch.demo.DemoOptions;
import dev.burnwatch.host.ShellQuote;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code burnwatch demo}: runs the embedded demo host headless until Ctrl-C and prints how
 * to reach it, so that every other command can be tried against it.
 */
@Command(name = "demo", description = {
    "Run the embedded demo host until Ctrl-C, and print how to reach it.",
    "It is a real SSH server on 127.0.0.1 in front of a sandbox that runs an",
    "unpatched agent daemon."})
public final class DemoCommand extends BaseCommand {

    private static final String HAIKU = "claude-haiku-4-5-20251001";

    @Option(names = "--reset", description = "Start over: a new sandbox with the unpatched script and fresh history.")
    boolean reset;

    @Option(names = "--speed", paramLabel = "N",
            description = "Demo seconds per real second (default ${DEFAULT-VALUE}: a demo day in 24 minutes).")
    double speed = 60;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on (default: the last one used, else a free one).")
    int port;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    protected int execute() throws Exception {
        DemoOptions options = DemoOptions.atSpeed(speed).withPort(port);
        AppDirs dirs = AppDirs.fromEnvironment();
        DemoHost started;
        try {
            if (reset) {
                DemoHost.wipe(dirs);
            }
            started = DemoHost.start(dirs, options);
        } catch (DemoHostBusyException e) {
            err().println("burnwatch: " + e.getMessage());
            return ExitCode.CHECK_FAILED;
        } catch (DemoUnavailableException e) {
            // the message says what to install or use instead; a stack trace would add nothing
            err().println("burnwatch: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }
        try (DemoHost host = started) {
            DemoHost.Info info = host.info();
            info.warnings().forEach(warning -> err().println("warning: " + warning));
            if (output.json) {
                Json.print(out(), facts(info, host));
            } else {
                printForPeople(out(), info, host);
            }
            out().flush();
            awaitStop();
            err().println("Stopping the demo host.");
        }
        return ExitCode.OK;
    }

    /** Blocks until Ctrl-C ends the JVM (the host's shutdown hook stops it) or the thread is interrupted. */
    private void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> facts(DemoHost.Info info, DemoHost host) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("address", info.address());
        facts.put("port", info.port());
        facts.put("user", info.user());
        facts.put("identity", info.privateKey().toString());
        facts.put("knownHostsFile", info.knownHostsFile().toString());
        facts.put("knownHostsLine", info.knownHostsLine());
        facts.put("hostKeyFingerprint", info.hostKeyFingerprint());
        facts.put("host", info.sshUri());
        facts.put("homeDir", info.homeDir());
        facts.put("script", info.scriptPath());
        facts.put("unit", info.unit());
        facts.put("transcripts", info.transcriptsConfigDir());
        facts.put("source", info.transcriptsUri());
        facts.put("target", info.scriptUri());
        facts.put("speed", host.options().speed());
        facts.put("demoTime", host.now().toString());
        facts.put("warnings", info.warnings());
        Map<String, String> examples = new LinkedHashMap<>();
        examples.put("report", reportExample(info));
        examples.put("patch", patchExample(info));
        examples.put("restart", restartExample(info));
        facts.put("examples", examples);
        return facts;
    }

    private static void printForPeople(PrintWriter out, DemoHost.Info info, DemoHost host) {
        double speed = host.options().speed();
        out.printf("Demo host running: demo clock %sx (a demo day passes in %s). Ctrl-C stops it.%n%n",
                trim(speed), dayLength(speed));
        String[][] rows = {
            {"host", info.sshUri()},
            {"address", info.address()},
            {"port", Integer.toString(info.port())},
            {"user", info.user()},
            {"identity", info.privateKey().toString()},
            {"known_hosts", info.knownHostsFile().toString()},
            {"host key", info.hostKeyFingerprint()},
            {"script", info.scriptPath()},
            {"unit", info.unit()},
            {"transcripts", info.transcriptsConfigDir()},
            {"demo time", host.now().toString()},
        };
        for (String[] row : rows) {
            out.printf("  %-12s %s%n", row[0], row[1]);
        }
        out.printf("%nknown_hosts line:%n  %s%n%nTry, in another terminal:%n", info.knownHostsLine());
        out.printf("  %s%n  %s%n  %s%n", reportExample(info), patchExample(info), restartExample(info));
        out.printf("  ssh -i %s -o UserKnownHostsFile=%s -p %d %s@%s journalctl -u %s -n 20%n",
                word(info.privateKey().toString()), word(info.knownHostsFile().toString()), info.port(), info.user(),
                info.address(), info.unit());
    }

    private static String sshOptions(DemoHost.Info info) {
        return " --identity " + word(info.privateKey().toString()) + " --known-hosts "
                + word(info.knownHostsFile().toString());
    }

    private static String reportExample(DemoHost.Info info) {
        return "burnwatch report --source " + word(info.transcriptsUri()) + " --by day" + sshOptions(info);
    }

    private static String patchExample(DemoHost.Info info) {
        return "burnwatch patch " + word(info.scriptUri()) + " --max-turns 30 --model " + HAIKU
                + " --guard-exit --apply" + sshOptions(info);
    }

    private static String restartExample(DemoHost.Info info) {
        return "burnwatch restart " + word(info.sshUri()) + " --unit " + info.unit() + sshOptions(info);
    }

    /** A value as a shell word: as it is where that is safe, quoted otherwise. */
    private static String word(String value) {
        return value.matches("[A-Za-z0-9_@%+=:,./-]+") ? value : ShellQuote.quote(value);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String dayLength(double speed) {
        double minutes = 24 * 60 / speed;
        return minutes >= 1 ? trim(Math.round(minutes * 10) / 10.0) + " minutes"
                : trim(Math.round(minutes * 600) / 10.0) + " seconds";
    }
}
