package dev.burnwatch.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The folder behind the demo host, laid out like a daemon host: a home folder with the
 * daemon script, its context and the CLI's transcripts; the task queue; the daemon's log;
 * {@code bin/} with the stand-in commands ({@code claude}, {@code date}, {@code sudo},
 * {@code systemctl}, {@code journalctl}); and {@code run/} with the clock, the journal and
 * the service manager's address.
 */
final class Sandbox {

    static final String UNIT = "agent-daemon";
    static final String SCRIPT_NAME = "agent_daemon.sh";
    static final String UNIT_DESCRIPTION = "Agent work daemon (one Claude session per queued task)";

    private static final String RESOURCES = "/dev/burnwatch/demo/";
    private static final List<String> COMMANDS = List.of("claude", "date", "sudo", "systemctl", "journalctl");
    /** Tools whose GNU options the console uses; on a host without them (macOS) their g-prefixed twins stand in. */
    private static final List<String> GNU_TOOLS = List.of("find", "stat", "cp", "mv", "chmod", "chown", "grep",
            "sed", "head", "tail", "readlink", "mktemp", "sort", "wc", "xargs", "touch", "ls");

    private final Path root;

    Sandbox(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path home() {
        return root.resolve("home");
    }

    Path script() {
        return home().resolve(SCRIPT_NAME);
    }

    Path contextDir() {
        return home().resolve("context");
    }

    /** The CLI's config dir, which holds {@code projects/}. */
    Path claudeConfigDir() {
        return home().resolve(".claude");
    }

    /** Where the CLI writes the daemon's transcripts: the working directory, every / and . as -. */
    Path projectDir() {
        String encoded = home().toString().replace('/', '-').replace('.', '-');
        return claudeConfigDir().resolve("projects").resolve(encoded);
    }

    Path queueDir() {
        return root.resolve("queue");
    }

    Path logFile() {
        return root.resolve("log").resolve("agent_daemon.log");
    }

    Path binDir() {
        return root.resolve("bin");
    }

    Path unitFile() {
        return root.resolve("units").resolve(UNIT + ".service");
    }

    Path runDir() {
        return root.resolve("run");
    }

    Path clockFile() {
        return runDir().resolve("clock");
    }

    Path controlFile() {
        return runDir().resolve("control");
    }

    Path journalFile() {
        return runDir().resolve("journal");
    }

    /** True before the first start, or after a reset. */
    boolean isNew() {
        return !Files.exists(script());
    }

    /**
     * Creates the folders and installs this build's commands; a new sandbox also gets the
     * unpatched daemon script, its context and an empty log. An existing script is left as
     * it is: the operator may have patched it.
     *
     * @return warnings for the operator (GNU tools that this machine lacks)
     */
    List<String> prepare() throws IOException {
        boolean fresh = isNew();
        for (Path dir : List.of(home(), contextDir(), queueDir(), logFile().getParent(), binDir(),
                root.resolve("lib"), unitFile().getParent(), runDir())) {
            Files.createDirectories(dir);
        }
        for (String command : COMMANDS) {
            SandboxFiles.install(RESOURCES + "bin/" + command, binDir().resolve(command), "rwxr-xr-x");
        }
        SandboxFiles.install(RESOURCES + "lib/demo.sh", root.resolve("lib").resolve("demo.sh"), "rw-r--r--");
        if (fresh) {
            writeContext();
            Files.write(logFile(), new byte[0]);
            SandboxFiles.install(RESOURCES + SCRIPT_NAME, script(), "rwxr-xr-x");
        }
        return linkGnuTools();
    }

    /** About 25k tokens of operating context, which the daemon puts in front of every task. */
    private void writeContext() throws IOException {
        StringBuilder active = new StringBuilder("# ACTIVE: operating context for the crew\n\n");
        String[] notes = {
            "- Check the dispatch board before starting; tasks are claimed by moving them.",
            "- Keep the crew roster current; report absences to the shift lead.",
            "- Every change to a customer system needs a ticket number in the commit message.",
            "- Escalate anything that touches billing to the on-call engineer.",
            "- Summarise what was done in the task log, in plain words, when the task ends.",
        };
        int line = 0;
        while (active.length() < 98_000) {
            active.append(notes[line % notes.length]).append(" (rule ").append(line + 1).append(")\n");
            line++;
        }
        Files.writeString(contextDir().resolve("ACTIVE.md"), active, StandardCharsets.UTF_8);
        Files.writeString(contextDir().resolve("crew_manifest.md"), "crew: alpha, bravo, charlie\n",
                StandardCharsets.UTF_8);
    }

    /**
     * Where this machine's tools are not the GNU ones (macOS), links their GNU twins
     * ({@code gfind}, {@code gstat}, ...) into {@code bin/} under the plain names.
     */
    private List<String> linkGnuTools() throws IOException {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        for (String tool : GNU_TOOLS) {
            Path link = binDir().resolve(tool);
            if (Files.exists(link) || isGnu(tool)) {
                continue;
            }
            Path twin = onPath("g" + tool);
            if (twin == null) {
                missing.add(tool);
                continue;
            }
            Files.createSymbolicLink(link, twin);
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        return List.of("The demo host looks like Linux only with GNU tools, and this machine lacks GNU "
                + String.join(", ", missing) + ": install them (on macOS: brew install coreutils findutils "
                + "grep gnu-sed) and start the demo host again.");
    }

    private static boolean isGnu(String tool) {
        try {
            Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() == 0 && output.contains("GNU");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Removes everything of the sandbox: transcripts, queue, journal, the (patched) script. */
    void wipe() throws IOException {
        SandboxFiles.deleteTree(root);
    }
}
