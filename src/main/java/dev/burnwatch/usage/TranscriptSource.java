package dev.burnwatch.usage;

import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.HostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Claude config dir on a host. Its transcripts are every {@code *.jsonl} below
 * {@code <configDir>/projects/}, sub-agent logs under {@code <session>/subagents/} included.
 *
 * @param host where the dir is
 * @param configDir the config dir's absolute path on that host (the folder holding {@code projects/})
 */
public record TranscriptSource(Host host, String configDir) {

    public TranscriptSource {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(configDir, "configDir");
    }

    /**
     * The config dirs the claude CLI itself uses on a host: each dir of {@code CLAUDE_CONFIG_DIR}
     * (comma-separated) when it is set, else both {@code ~/.config/claude} and {@code ~/.claude}.
     * The home folder is the environment's {@code HOME} where it gives one, as for the CLI
     * itself, else the host's.
     *
     * @param env the environment to read {@code CLAUDE_CONFIG_DIR} and {@code HOME} from (the
     *     host's, where known; empty for a host over SSH)
     */
    public static List<TranscriptSource> defaults(Host host, Map<String, String> env) throws HostException {
        String configured = env.get("CLAUDE_CONFIG_DIR");
        List<TranscriptSource> sources = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            for (String dir : configured.split(",")) {
                String trimmed = dir.trim();
                if (!trimmed.isEmpty()) {
                    sources.add(new TranscriptSource(host, expandHome(host, env, trimmed)));
                }
            }
            return sources;
        }
        String home = home(host, env);
        sources.add(new TranscriptSource(host, home + "/.config/claude"));
        sources.add(new TranscriptSource(host, home + "/.claude"));
        return sources;
    }

    /**
     * The config dirs of a saved host: the ones it names ({@code ~/} under the host's home
     * folder), else the defaults of {@link #defaults} as the host's own claude CLI sees them.
     * The console and the command line both read a saved host through this.
     */
    public static List<TranscriptSource> of(Host host, HostConfig config) throws HostException {
        if (config == null || config.configDirs().isEmpty()) {
            return defaults(host, Map.of());
        }
        List<TranscriptSource> sources = new ArrayList<>();
        for (String dir : config.configDirs()) {
            sources.add(new TranscriptSource(host, expandHome(host, Map.of(), dir)));
        }
        return sources;
    }

    private static String expandHome(Host host, Map<String, String> env, String dir) throws HostException {
        if (dir.equals("~") || dir.startsWith("~/")) {
            return home(host, env) + dir.substring(1);
        }
        return dir;
    }

    private static String home(Host host, Map<String, String> env) throws HostException {
        String home = env.get("HOME");
        if (home != null && home.startsWith("/")) {
            return home.length() > 1 && home.endsWith("/") ? home.substring(0, home.length() - 1) : home;
        }
        return host.homeDir();
    }

    /** The folder below which the transcripts are. */
    public String projectsDir() {
        String base = configDir;
        while (base.length() > 1 && base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/projects";
    }
}
