package dev.burnwatch.usage;

import dev.burnwatch.host.HostException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the API calls out of one transcript's byte range, streaming through one reused
 * buffer: no String per line. Newlines are found eight bytes at a time; each line that looks
 * like a JSON object goes to the {@link LineParser}, which stops as soon as the line's type
 * shows it cannot count (tool results and file-history snapshots, most of the bytes, end
 * there). A line that is not a JSON object, or an assistant line with usage that does not
 * parse, is malformed. See the fixtures' counting rules for blank lines, BOM, CRLF and a last
 * line that is still being written.
 *
 * <p>Not thread-safe: one per worker.
 */
final class TranscriptReader {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptReader.class);

    /** Lines longer than this are skipped; if they carried usage they are counted as malformed. */
    static final int MAX_LINE = 32 << 20;
    private static final int INITIAL_BUFFER = 1 << 20;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ASSISTANT = "\"assistant\"".getBytes(StandardCharsets.US_ASCII);

    private final LineParser parser = new LineParser();
    private byte[] buffer = new byte[INITIAL_BUFFER];

    /** What one read of a file gave. */
    static final class Result {
        final List<Call> calls;
        final long malformed;
        final long consumedTo;
        final long bytesRead;

        Result(List<Call> calls, long malformed, long consumedTo, long bytesRead) {
            this.calls = calls;
            this.malformed = malformed;
            this.consumedTo = consumedTo;
            this.bytesRead = bytesRead;
        }
    }

    // per-read state
    private ByteSource source;
    private String path;
    private long bufferPosition;
    private int filled;
    private int lineStart;
    private boolean skippingLongLine;
    private long malformed;
    private long lastTimestamp;
    private long bytesRead;
    private String defaultSession;
    private List<Call> kept;
    private LongMap<Integer> positions;

    /**
     * Reads {@code [from, to)} of a transcript and returns its calls (deduplicated within the
     * range), its malformed lines, and where the next read should start.
     *
     * @param defaultSession the session id for lines that do not name one (from the file name)
     */
    Result read(ByteSource bytes, String file, long from, long to, String defaultSession) throws HostException {
        this.source = bytes;
        this.path = file;
        this.defaultSession = defaultSession;
        this.bufferPosition = from;
        this.filled = 0;
        this.lineStart = 0;
        this.skippingLongLine = false;
        this.malformed = 0;
        this.lastTimestamp = Long.MIN_VALUE;
        this.bytesRead = 0;
        this.kept = new ArrayList<>();
        this.positions = new LongMap<>(256);
        try {
            long consumedTo = scan(to);
            return new Result(kept, malformed, consumedTo, bytesRead);
        } finally {
            this.source = null;
            if (buffer.length > INITIAL_BUFFER) {
                buffer = new byte[INITIAL_BUFFER];
            }
        }
    }

    private long scan(long to) throws HostException {
        int scanned = 0;
        boolean atEnd = false;
        while (true) {
            scanned = scanLines(scanned, atEnd);
            if (atEnd) {
                return finish();
            }
            scanned = refill(scanned);
            long wanted = to - (bufferPosition + filled);
            int room = (int) Math.min(buffer.length - filled, wanted);
            int read = room <= 0 ? 0 : source.read(buffer, filled, room, bufferPosition + filled);
            if (Thread.currentThread().isInterrupted()) {
                throw new HostException(HostException.Kind.CANCELLED, "Reading " + path + " was cancelled");
            }
            if (read <= 0) {
                atEnd = true;
            }
            filled += Math.max(read, 0);
            bytesRead += Math.max(read, 0);
        }
    }

    /** Finds the newlines from {@code from} and handles each complete line; returns where to go on. */
    private int scanLines(int from, boolean atEnd) {
        byte[] b = buffer;
        int limit = filled;
        int i = from;
        while (true) {
            while (i + 8 <= limit) {
                long word = (long) LONGS.get(b, i);
                long newline = word ^ NEWLINES;
                long found = (newline - ONES) & ~newline & HIGHS;
                if (found != 0) {
                    i += firstMarkedByte(found);
                    break;
                }
                i += 8;
            }
            if (i + 8 > limit) {
                if (!atEnd) {
                    return i;
                }
                while (i < limit && b[i] != '\n') {
                    i++;
                }
                if (i >= limit) {
                    return i;
                }
            }
            if (b[i] == '\n') {
                endOfLine(i);
            }
            i++;
        }
    }

    /**
     * The index of the lowest byte whose high bit is set in {@code marks} (only high bits set,
     * not zero): a multiply instead of {@link Long#numberOfTrailingZeros}, which the C1
     * compiler does not turn into one instruction.
     */
    static int firstMarkedByte(long marks) {
        return (int) ((((marks & -marks) >>> 7) * 0x0001020304050607L) >>> 56);
    }

    private static boolean contains(byte[] b, int start, int end, byte[] text) {
        int last = end - text.length;
        outer:
        for (int i = start; i <= last; i++) {
            if (b[i] != text[0]) {
                continue;
            }
            for (int j = 1; j < text.length; j++) {
                if (b[i + j] != text[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void endOfLine(int newline) {
        if (skippingLongLine) {
            skippingLongLine = false;
        } else {
            line(lineStart, newline, true);
        }
        lineStart = newline + 1;
    }

    /** Moves the unfinished line to the front, growing the buffer when one line fills it. */
    private int refill(int scanned) {
        if (lineStart > 0) {
            int keep = filled - lineStart;
            System.arraycopy(buffer, lineStart, buffer, 0, keep);
            bufferPosition += lineStart;
            scanned -= lineStart;
            filled = keep;
            lineStart = 0;
        }
        if (filled < buffer.length) {
            return scanned;
        }
        if (skippingLongLine || buffer.length >= MAX_LINE) {
            if (!skippingLongLine) {
                LOG.warn("A line of {} at byte {} is longer than {} MB; it is skipped", path, bufferPosition,
                        MAX_LINE >> 20);
            }
            skippingLongLine = true;
            bufferPosition += filled;
            filled = 0;
            return 0;
        }
        buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_LINE));
        return scanned;
    }

    /** The last line has no newline after it: count it if it is complete, else leave it for next time. */
    private long finish() {
        if (skippingLongLine) {
            return bufferPosition + filled;
        }
        if (lineStart < filled && !line(lineStart, filled, false)) {
            return bufferPosition + lineStart;
        }
        return bufferPosition + filled;
    }

    /** Handles one line; returns false for a last line that may still be being written. */
    private boolean line(int start, int end, boolean complete) {
        int s = start;
        int e = end;
        if (e - s >= 3 && buffer[s] == (byte) 0xEF && buffer[s + 1] == (byte) 0xBB && buffer[s + 2] == (byte) 0xBF) {
            s += 3;
        }
        while (s < e && isBlank(buffer[s])) {
            s++;
        }
        while (e > s && isBlank(buffer[e - 1])) {
            e--;
        }
        if (s == e) {
            return true;
        }
        if (buffer[s] != '{' || buffer[e - 1] != '}') {
            if (complete) {
                malformed++;
            }
            return complete;
        }
        int outcome = parser.parse(buffer, s, e);
        if (outcome == LineParser.COUNTED) {
            if (!add(bufferPosition + start) && complete) {
                malformed++;
            }
            return true;
        }
        if (!complete) {
            return false;
        }
        if (outcome == LineParser.MALFORMED && contains(buffer, s, e, USAGE) && contains(buffer, s, e, ASSISTANT)) {
            malformed++;
        }
        return true;
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    /**
     * Keeps the line's call; false when it has no usable time. A line without a timestamp (or
     * with one that is not a time) takes the time of the line before it in the file, which the
     * CLI writes in order; with none before it in this read it cannot be put on any day, and is
     * counted as malformed rather than dated 1970.
     */
    private boolean add(long seq) {
        String session = parser.cachedString(LineParser.F_SESSION);
        String project = parser.cachedString(LineParser.F_CWD);
        String model = parser.cachedString(LineParser.F_MODEL);
        long timestamp = parser.timestampMillis();
        if (timestamp == Long.MIN_VALUE) {
            if (lastTimestamp == Long.MIN_VALUE) {
                return false;
            }
            timestamp = lastTimestamp;
        }
        lastTimestamp = timestamp;
        Call call = new Call(parser.hash(LineParser.F_MESSAGE_ID), parser.hash(LineParser.F_REQUEST),
                session == null || session.isEmpty() ? defaultSession : session,
                project == null ? "" : project,
                model == null || model.isEmpty() ? "unknown" : model,
                timestamp,
                parser.sidechain, parser.inputTokens, parser.outputTokens, parser.cacheWrite5m(),
                parser.cacheWrite1h(), parser.cacheReadTokens, seq);
        keep(kept, positions, call);
        return true;
    }

    /** Adds a call to a file's list, or merges it with an earlier line of the same response. */
    static void keep(List<Call> kept, LongMap<Integer> positions, Call call) {
        if (!call.hasKey()) {
            kept.add(call);
            return;
        }
        long key = call.key();
        Integer at = positions.get(key);
        if (at == null) {
            positions.put(key, kept.size());
            kept.add(call);
            return;
        }
        kept.set(at, Call.keep(kept.get(at), call));
    }
}
