package dev.burnwatch.ui.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link ConsoleSettings} as JSON. A missing or unreadable file gives the
 * defaults (an unreadable one is reported in the log and left in place for the operator,
 * never overwritten silently until the next save); saving writes a temporary file beside
 * it and renames it over, so a crash never leaves half a file.
 */
public final class SettingsStore {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SettingsStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public ConsoleSettings load() {
        try {
            return mapper.readValue(Files.readAllBytes(file), ConsoleSettings.class).completed();
        } catch (NoSuchFileException e) {
            return ConsoleSettings.defaults();
        } catch (IOException e) {
            LOG.warn("The console settings in {} could not be read ({}); using the defaults. Fix or delete the file "
                    + "to keep your own.", file, e.getMessage());
            return ConsoleSettings.defaults();
        }
    }

    public void save(ConsoleSettings settings) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".settings-", ".tmp");
        try {
            Files.write(temp, mapper.writeValueAsBytes(settings));
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
