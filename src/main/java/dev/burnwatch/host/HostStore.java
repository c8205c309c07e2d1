package dev.burnwatch.host;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.burnwatch.config.AppDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The saved hosts, kept as JSON in {@link AppDirs#hostsFile()} and replaced atomically on
 * every change. It holds names, addresses and key file paths, never keys or passphrases.
 */
public final class HostStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    public HostStore(Path file) {
        this.file = file;
    }

    /** The store in this process's configuration folder. */
    public static HostStore fromEnvironment() {
        return new HostStore(AppDirs.fromEnvironment().hostsFile());
    }

    public Path file() {
        return file;
    }

    /** Every saved host, by name. */
    public List<HostConfig> list() throws HostException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            Saved saved = JSON.readValue(file.toFile(), Saved.class);
            List<HostConfig> hosts = new ArrayList<>(saved.hosts() == null ? List.of() : saved.hosts());
            hosts.sort(Comparator.comparing(HostConfig::name));
            return hosts;
        } catch (IOException e) {
            throw new HostException(HostException.Kind.OTHER, "Could not read the saved hosts in " + file + ": "
                    + readable(e) + ". Fix the file or move it aside.", e);
        }
    }

    /**
     * A JSON error as "what, line L, column C", without Jackson's source description
     * ({@code [Source: REDACTED ...]}), which tells the operator nothing.
     */
    static String readable(IOException e) {
        if (!(e instanceof JsonProcessingException json) || json.getLocation() == null) {
            return e.getMessage();
        }
        String what = json.getOriginalMessage().lines().findFirst().orElse("not valid JSON").strip();
        JsonLocation at = json.getLocation();
        return what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** The saved host called {@code name}. */
    public Optional<HostConfig> find(String name) throws HostException {
        return list().stream().filter(host -> host.name().equals(name)).findFirst();
    }

    /** Adds {@code host}, or replaces the saved host of the same name. */
    public synchronized void save(HostConfig host) throws HostException {
        if (host.name() == null || host.name().isBlank() || host.address() == null || host.address().isBlank()) {
            throw new HostException(HostException.Kind.OTHER, "A saved host needs a name and an address");
        }
        List<HostConfig> hosts = new ArrayList<>(list());
        hosts.removeIf(existing -> existing.name().equals(host.name()));
        hosts.add(host);
        write(hosts);
    }

    /** Removes the saved host called {@code name}; true if there was one. */
    public synchronized boolean remove(String name) throws HostException {
        List<HostConfig> hosts = new ArrayList<>(list());
        boolean removed = hosts.removeIf(existing -> existing.name().equals(name));
        if (removed) {
            write(hosts);
        }
        return removed;
    }

    /**
     * The saved hosts that connect through the saved host called {@code name}: one of the
     * comma-separated hops of their jump host is that name. Removing it would leave them
     * unable to connect.
     */
    public List<HostConfig> jumpingThrough(String name) throws HostException {
        List<HostConfig> through = new ArrayList<>();
        for (HostConfig host : list()) {
            String jump = host.jumpHost();
            if (jump == null || host.name().equals(name)) {
                continue;
            }
            for (String hop : jump.split(",")) {
                if (hop.trim().equals(name)) {
                    through.add(host);
                    break;
                }
            }
        }
        return through;
    }

    private void write(List<HostConfig> hosts) throws HostException {
        hosts.sort(Comparator.comparing(HostConfig::name));
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(new Saved(hosts)));
        } catch (IOException e) {
            throw new HostException(HostException.Kind.OTHER, "Could not save the hosts to " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** The file's shape: {@code {"hosts": [...]}}. */
    record Saved(List<HostConfig> hosts) {
    }
}
