package dev.burnwatch.usage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The local SQLite index of what was read from each transcript: its size, modification time
 * and identity when read, how far it was read, its malformed lines and its deduplicated API
 * calls (one compact blob per file, so a refresh loads thousands of files in a few rows).
 *
 * <p>Write-ahead logging, one transaction per refresh and a busy timeout make it safe against
 * a crash mid-write and against two processes refreshing at once: each row is a consistent
 * picture of one file, whoever wrote it last.
 */
final class UsageIndex implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsageIndex.class);
    private static final int SCHEMA_VERSION = 2;
    private static final int BUSY_TIMEOUT_MS = 30_000;

    /** What the index knows of one transcript. */
    static final class FileRecord {
        final String path;
        final long size;
        final long modifiedMillis;
        final String identity;
        final long offset;
        final long malformed;
        private byte[] encoded;
        private List<Call> calls;

        FileRecord(String path, long size, long modifiedMillis, String identity, long offset, long malformed,
                   List<Call> calls) {
            this.path = path;
            this.size = size;
            this.modifiedMillis = modifiedMillis;
            this.identity = identity;
            this.offset = offset;
            this.malformed = malformed;
            this.calls = calls;
        }

        private FileRecord(String path, long size, long modifiedMillis, String identity, long offset,
                           long malformed, byte[] encoded) {
            this(path, size, modifiedMillis, identity, offset, malformed, (List<Call>) null);
            this.encoded = encoded;
        }

        /** How many calls the record holds, without decoding them. */
        int callCount() {
            if (calls != null) {
                return calls.size();
            }
            return CallCodec.count(encoded);
        }

        List<Call> calls() {
            if (calls == null) {
                calls = CallCodec.decode(encoded);
                encoded = null;
            }
            return calls;
        }
    }

    private final Connection connection;

    private UsageIndex(Connection connection) {
        this.connection = connection;
    }

    /** Opens (creating it if needed) the index at {@code file}; a corrupt file is set aside and rebuilt. */
    static UsageIndex open(Path file) throws SQLException, IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            return new UsageIndex(connect(file));
        } catch (SQLiteException e) {
            if (e.getResultCode() != SQLiteErrorCode.SQLITE_CORRUPT
                    && e.getResultCode() != SQLiteErrorCode.SQLITE_NOTADB) {
                throw e;
            }
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
            LOG.warn("The usage index {} is damaged ({}); it is moved to {} and rebuilt from the transcripts",
                    file, e.getResultCode(), aside);
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
            return new UsageIndex(connect(file));
        }
    }

    private static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            prepareSchema(connection);
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    private static void prepareSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int version;
            try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version == SCHEMA_VERSION) {
                return;
            }
            connection.setAutoCommit(false);
            try {
                statement.executeUpdate("DROP TABLE IF EXISTS transcript");
                statement.executeUpdate("CREATE TABLE transcript (host TEXT NOT NULL, path TEXT NOT NULL,"
                        + " size INTEGER NOT NULL, modified INTEGER NOT NULL, identity TEXT NOT NULL,"
                        + " read_to INTEGER NOT NULL, malformed INTEGER NOT NULL, calls BLOB NOT NULL,"
                        + " PRIMARY KEY (host, path))");
                statement.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * What the index knows of one host's transcripts below a folder, by path (calls decoded on
     * demand).
     */
    Map<String, FileRecord> load(String host, String folder) throws SQLException {
        Map<String, FileRecord> records = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT path, size, modified, identity, read_to,"
                + " malformed, calls FROM transcript WHERE host = ? AND path >= ? AND path < ?")) {
            query.setString(1, host);
            query.setString(2, folder + "/");
            query.setString(3, folder + "0");
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String path = rs.getString(1);
                    records.put(path, new FileRecord(path, rs.getLong(2), rs.getLong(3), rs.getString(4),
                            rs.getLong(5), rs.getLong(6), rs.getBytes(7)));
                }
            }
        }
        return records;
    }

    /** Stores what was read and forgets deleted files, in one transaction. */
    void save(String host, Collection<FileRecord> changed, Collection<String> deleted) throws SQLException {
        if (changed.isEmpty() && deleted.isEmpty()) {
            return;
        }
        connection.setAutoCommit(false);
        try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO transcript"
                + " (host, path, size, modified, identity, read_to, malformed, calls) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM transcript WHERE host = ? AND path = ?")) {
            for (FileRecord record : changed) {
                upsert.setString(1, host);
                upsert.setString(2, record.path);
                upsert.setLong(3, record.size);
                upsert.setLong(4, record.modifiedMillis);
                upsert.setString(5, record.identity);
                upsert.setLong(6, record.offset);
                upsert.setLong(7, record.malformed);
                upsert.setBytes(8, CallCodec.encode(record.calls()));
                upsert.addBatch();
            }
            upsert.executeBatch();
            for (String path : deleted) {
                delete.setString(1, host);
                delete.setString(2, path);
                delete.addBatch();
            }
            delete.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the usage index failed", e);
        }
    }

    /** A file's calls as one blob: the distinct strings, then fixed-size records. */
    static final class CallCodec {

        private static final int RECORD = 3 * 4 + 8 + 8 + 8 + 1 + 6 * 8;

        private CallCodec() {
        }

        static byte[] encode(List<Call> calls) {
            Map<String, Integer> ids = new HashMap<>();
            List<byte[]> strings = new ArrayList<>();
            int[][] refs = new int[calls.size()][];
            int stringBytes = 0;
            for (int i = 0; i < calls.size(); i++) {
                Call call = calls.get(i);
                String[] fields = {call.sessionId, call.project, call.model};
                int[] ref = new int[fields.length];
                for (int f = 0; f < fields.length; f++) {
                    Integer id = ids.get(fields[f]);
                    if (id == null) {
                        id = strings.size();
                        ids.put(fields[f], id);
                        byte[] utf8 = fields[f].getBytes(StandardCharsets.UTF_8);
                        strings.add(utf8);
                        stringBytes += 4 + utf8.length;
                    }
                    ref[f] = id;
                }
                refs[i] = ref;
            }
            ByteBuffer out = ByteBuffer.allocate(8 + stringBytes + calls.size() * RECORD);
            out.putInt(calls.size());
            out.putInt(strings.size());
            for (byte[] s : strings) {
                out.putInt(s.length).put(s);
            }
            for (int i = 0; i < calls.size(); i++) {
                Call call = calls.get(i);
                for (int ref : refs[i]) {
                    out.putInt(ref);
                }
                out.putLong(call.messageHash).putLong(call.requestHash);
                out.putLong(call.timestampMillis).put((byte) (call.sidechain ? 1 : 0));
                out.putLong(call.input).putLong(call.output).putLong(call.cacheWrite5m).putLong(call.cacheWrite1h)
                        .putLong(call.cacheRead).putLong(call.seq);
            }
            return out.array();
        }

        static int count(byte[] encoded) {
            return ByteBuffer.wrap(encoded).getInt();
        }

        static List<Call> decode(byte[] encoded) {
            ByteBuffer in = ByteBuffer.wrap(encoded);
            int count = in.getInt();
            String[] strings = new String[in.getInt()];
            for (int i = 0; i < strings.length; i++) {
                int length = in.getInt();
                strings[i] = new String(encoded, in.position(), length, StandardCharsets.UTF_8);
                in.position(in.position() + length);
            }
            List<Call> calls = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String sessionId = strings[in.getInt()];
                String project = strings[in.getInt()];
                String model = strings[in.getInt()];
                long messageHash = in.getLong();
                long requestHash = in.getLong();
                long timestamp = in.getLong();
                boolean sidechain = in.get() != 0;
                calls.add(new Call(messageHash, requestHash, sessionId, project, model, timestamp, sidechain,
                        in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong()));
            }
            return calls;
        }
    }
}
