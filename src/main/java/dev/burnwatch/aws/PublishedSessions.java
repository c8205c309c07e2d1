package dev.burnwatch.aws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Which sessions were published to CloudWatch, kept in a table of the local usage index so
 * a session is never published twice (a second publish would double its figures). The
 * index is shared with the usage engine: the table is created if missing, the database runs
 * in WAL mode and waits for a busy writer instead of failing.
 */
public final class PublishedSessions implements AutoCloseable {

    private final Connection connection;

    private PublishedSessions(Connection connection) {
        this.connection = connection;
    }

    /** Opens (and creates if needed) the table in the index at {@code indexFile}. */
    public static PublishedSessions open(Path indexFile) throws SQLException, IOException {
        Path parent = indexFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + indexFile.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("CREATE TABLE IF NOT EXISTS published_sessions ("
                    + " host TEXT NOT NULL, session_id TEXT NOT NULL, published_at TEXT NOT NULL,"
                    + " PRIMARY KEY (host, session_id))");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new PublishedSessions(connection);
    }

    /** The ids of the sessions of {@code host} that were published. */
    public Set<String> publishedOn(String host) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT session_id FROM published_sessions WHERE host = ?")) {
            query.setString(1, host);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    /** Records sessions as published, all or none. */
    public void markPublished(Collection<SessionUsage> sessions, Instant at) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR IGNORE INTO published_sessions (host, session_id, published_at) VALUES (?, ?, ?)")) {
            for (SessionUsage session : sessions) {
                insert.setString(1, session.hostId());
                insert.setString(2, session.sessionId());
                insert.setString(3, at.toString());
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
