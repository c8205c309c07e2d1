package dev.burnwatch.usage;

import dev.burnwatch.host.Host;
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
     *
     * @param env the environment to read {@code CLAUDE_CONFIG_DIR} from (the host's, where known)
     */
    public static List<TranscriptSource> defaults(Host host, Map<String, String> env) throws HostException {
        String configured = env.get("CLAUDE_CONFIG_DIR");
        List<TranscriptSource> sources = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            for (String dir : configured.split(",")) {
                String trimmed = dir.trim();
                if (!trimmed.isEmpty()) {
                    sources.add(new TranscriptSource(host, expandHome(host, trimmed)));
                }
            }
            return sources;
        }
        String home = host.homeDir();
        sources.add(new TranscriptSource(host, home + "/.config/claude"));
        sources.add(new TranscriptSource(host, home + "/.claude"));
        return sources;
    }

    private static String expandHome(Host host, String dir) throws HostException {
        if (dir.equals("~") || dir.startsWith("~/")) {
            return host.homeDir() + dir.substring(1);
        }
        return dir;
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
