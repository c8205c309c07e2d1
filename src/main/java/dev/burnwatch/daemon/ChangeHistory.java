package dev.burnwatch.daemon;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The local record of every change Burnwatch made to a daemon script: host, path, time,
 * settings, diff, backup and both fingerprints, in a SQLite file
 * ({@link dev.burnwatch.config.AppDirs#historyFile()}). {@code burnwatch history} lists it and
 * {@code burnwatch rollback} finds its backups in it.
 *
 * <p>Each call opens and closes its own connection, so that the CLI and the console can both
 * use the file; SQLite serialises the writers.
 */
public final class ChangeHistory {

    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS change ("
            + "id INTEGER PRIMARY KEY AUTOINCREMENT, host TEXT NOT NULL, path TEXT NOT NULL, "
            + "time_ms INTEGER NOT NULL, kind TEXT NOT NULL, settings TEXT NOT NULL, diff TEXT NOT NULL, "
            + "backup TEXT, before_sha256 TEXT NOT NULL, after_sha256 TEXT NOT NULL)";
    private static final String COLUMNS =
            "id, host, path, time_ms, kind, settings, diff, backup, before_sha256, after_sha256";

    private final Path file;

    public ChangeHistory(Path file) {
        this.file = file;
    }

    /** Stores a change and returns it with its number. */
    public ChangeRecord record(ChangeRecord change) throws IOException {
        String sql = "INSERT INTO change (host, path, time_ms, kind, settings, diff, backup, before_sha256,"
                + " after_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = open();
             PreparedStatement insert = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, change.hostId());
            insert.setString(2, change.path());
            insert.setLong(3, change.time().toEpochMilli());
            insert.setString(4, change.kind().name());
            insert.setString(5, change.settings());
            insert.setString(6, change.diff());
            insert.setString(7, change.backupPath());
            insert.setString(8, change.beforeSha256());
            insert.setString(9, change.afterSha256());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return change.withId(keys.getLong(1));
            }
        } catch (SQLException e) {
            throw failure("record a change in", e);
        }
    }

    /**
     * Checks that a change could be recorded, before anything is changed: the folder can be made,
     * the file opened and written. A change the history does not know could not be rolled back.
     *
     * @throws ChangeRefusedException naming the file, why it cannot be written and what to do
     */
    public void requireWritable() throws ChangeRefusedException {
        Path folder = file.toAbsolutePath().getParent();
        Path blocking = fileInTheWay(folder);
        if (blocking != null) {
            throw notWritable(blocking + " is a file, not a folder", "Move " + blocking + " aside, or point"
                    + " BURNWATCH_HOME at a folder this user can write.");
        }
        String why = null;
        Path toFix = folder;
        try {
            if (folder != null) {
                Files.createDirectories(folder);
            }
            if (folder != null && !Files.isWritable(folder) || Files.exists(file) && !Files.isWritable(file)) {
                why = "permission denied";
            } else {
                try (Connection connection = open(); Statement statement = connection.createStatement()) {
                    statement.execute("BEGIN IMMEDIATE");
                    statement.execute("ROLLBACK");
                }
            }
        } catch (AccessDeniedException e) {
            Path denied = Path.of(e.getFile());
            toFix = Files.isDirectory(denied) || denied.getParent() == null ? denied : denied.getParent();
            why = "permission denied: this user may not create " + denied;
        } catch (IOException | SQLException e) {
            why = e.getMessage();
        }
        if (why != null) {
            throw notWritable(why, "Give this user write access to " + toFix + ", or point BURNWATCH_HOME at a"
                    + " folder it can write.");
        }
    }

    /** The first existing part of {@code folder}'s path that is not a folder, or null. */
    private static Path fileInTheWay(Path folder) {
        for (Path at = folder; at != null; at = at.getParent()) {
            if (Files.exists(at)) {
                return Files.isDirectory(at) ? null : at;
            }
        }
        return null;
    }

    private ChangeRefusedException notWritable(String why, String whatToDo) {
        return new ChangeRefusedException(ChangeRefusedException.Reason.HISTORY_NOT_WRITABLE, "Cannot record the"
                + " change in Burnwatch's history " + file + " (" + why + "), so nothing was changed: a change"
                + " Burnwatch could not record could not be rolled back. " + whatToDo);
    }

    /** Every change, or those on one host when {@code hostId} is not null; oldest first. */
    public List<ChangeRecord> list(String hostId) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String sql = "SELECT " + COLUMNS + " FROM change" + (hostId == null ? "" : " WHERE host = ?")
                + " ORDER BY time_ms, id";
        try (Connection connection = open(); PreparedStatement query = connection.prepareStatement(sql)) {
            if (hostId != null) {
                query.setString(1, hostId);
            }
            return rows(query);
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    /** The changes to one file on one host, newest first. */
    public List<ChangeRecord> forFile(String hostId, String path) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String sql = "SELECT " + COLUMNS + " FROM change WHERE host = ? AND path = ? ORDER BY time_ms DESC, id DESC";
        try (Connection connection = open(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, hostId);
            query.setString(2, path);
            return rows(query);
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    private Connection open() throws SQLException, IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 5000");
            statement.execute(SCHEMA);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static List<ChangeRecord> rows(PreparedStatement query) throws SQLException {
        List<ChangeRecord> records = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                records.add(new ChangeRecord(rows.getLong(1), rows.getString(2), rows.getString(3),
                        Instant.ofEpochMilli(rows.getLong(4)), ChangeRecord.Kind.valueOf(rows.getString(5)),
                        rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9),
                        rows.getString(10)));
            }
        }
        return records;
    }

    private IOException failure(String action, SQLException e) {
        return new IOException("Could not " + action + " the change history " + file + ": " + e.getMessage()
                + ". If the file is damaged, move it aside; Burnwatch starts a new one.", e);
    }
}
