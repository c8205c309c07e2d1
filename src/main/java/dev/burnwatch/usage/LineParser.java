package dev.burnwatch.usage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses one transcript line straight from the bytes of a reused buffer. A line whose
 * top-level {@code type} is not {@code assistant} is given up as soon as the type is read (the
 * CLI writes it before the large {@code message}). An assistant line is checked to be valid
 * JSON to its end (so a broken usage line is counted as malformed), but only the dozen fields
 * a count needs are kept; everything else is skipped without building strings. Strings are
 * scanned eight bytes at a time for a quote, a backslash or a control character.
 *
 * <p>Not thread-safe: one per worker.
 */
final class LineParser {

    static final int IGNORED = 0;
    static final int COUNTED = 1;
    static final int MALFORMED = 2;

    static final int F_TYPE = 0;
    static final int F_SESSION = 1;
    static final int F_CWD = 2;
    static final int F_TIMESTAMP = 3;
    static final int F_REQUEST = 4;
    static final int F_MESSAGE_ID = 5;
    static final int F_MODEL = 6;
    private static final int FIELDS = 7;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;
    private static final int MAX_DEPTH = 512;

    private static final byte[] ASSISTANT = ascii("assistant");
    private static final byte[] TYPE = ascii("type");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");
    private static final byte[] K_CACHE_CREATION = ascii("cache_creation");
    private static final byte[] K_CACHE_CREATION_INPUT_TOKENS = ascii("cache_creation_input_tokens");
    private static final byte[] K_CACHE_READ_INPUT_TOKENS = ascii("cache_read_input_tokens");
    private static final byte[] K_CWD = ascii("cwd");
    private static final byte[] K_EPHEMERAL_1H_INPUT_TOKENS = ascii("ephemeral_1h_input_tokens");
    private static final byte[] K_EPHEMERAL_5M_INPUT_TOKENS = ascii("ephemeral_5m_input_tokens");
    private static final byte[] K_ID = ascii("id");
    private static final byte[] K_INPUT_TOKENS = ascii("input_tokens");
    private static final byte[] K_IS_SIDECHAIN = ascii("isSidechain");
    private static final byte[] K_MESSAGE = ascii("message");
    private static final byte[] K_MODEL = ascii("model");
    private static final byte[] K_OUTPUT_TOKENS = ascii("output_tokens");
    private static final byte[] K_REQUEST_ID = ascii("requestId");
    private static final byte[] K_SESSION_ID = ascii("sessionId");
    private static final byte[] K_TIMESTAMP = ascii("timestamp");
    private static final byte[] K_USAGE = ascii("usage");
    private static final byte[] SYNTHETIC = ascii("<synthetic>");

    /** Thrown to unwind a parse that met invalid JSON; carries no stack trace, so it costs nothing. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed() {
            super(null, null, false, false);
        }
    }

    private static final Malformed MALFORMED_LINE = new Malformed();
    /** Ends a parse early: the line is of a type that never counts, so the rest need not be read. */
    private static final Malformed NOT_COUNTED = new Malformed();

    private byte[] b;
    private int p;
    private int end;
    private boolean lastEscaped;

    private final int[] starts = new int[FIELDS];
    private final int[] ends = new int[FIELDS];
    private final boolean[] escaped = new boolean[FIELDS];
    private final byte[][] cachedBytes = new byte[FIELDS][];
    private final String[] cachedStrings = new String[FIELDS];

    boolean sidechain;
    boolean hasUsage;
    long inputTokens;
    long outputTokens;
    long cacheCreationTokens;
    long cacheReadTokens;
    long ephemeral5mTokens;
    long ephemeral1hTokens;

    /** Parses {@code buf[start, end)}: {@link #COUNTED}, {@link #IGNORED} or {@link #MALFORMED}. */
    int parse(byte[] buf, int start, int stop) {
        reset(buf, start, stop);
        try {
            skipWhitespace();
            if (p >= end || b[p] != '{') {
                return MALFORMED;
            }
            parseTopLevel();
            skipWhitespace();
            if (p != end) {
                return MALFORMED;
            }
        } catch (Malformed e) {
            return e == NOT_COUNTED ? IGNORED : MALFORMED;
        }
        if (!hasUsage || !fieldEquals(F_TYPE, ASSISTANT) || fieldEquals(F_MODEL, SYNTHETIC)) {
            return IGNORED;
        }
        return COUNTED;
    }

    private void reset(byte[] buf, int start, int stop) {
        b = buf;
        p = start;
        end = stop;
        Arrays.fill(starts, -1);
        sidechain = false;
        hasUsage = false;
        inputTokens = 0;
        outputTokens = 0;
        cacheCreationTokens = 0;
        cacheReadTokens = 0;
        ephemeral5mTokens = 0;
        ephemeral1hTokens = 0;
    }

    /** Cache writes with a one-hour lifetime. */
    long cacheWrite1h() {
        return ephemeral1hTokens;
    }

    /** Cache writes with a five-minute lifetime: all writes that are not one-hour ones. */
    long cacheWrite5m() {
        return Math.max(0, cacheCreationTokens - ephemeral1hTokens);
    }

    /** The decoded text of a string field, or null when the line did not have it. */
    String string(int field) {
        if (starts[field] < 0) {
            return null;
        }
        if (escaped[field]) {
            return decode(starts[field], ends[field]);
        }
        return new String(b, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
    }

    /**
     * Like {@link #string} but reuses the previous String when the bytes are the same: session
     * ids, working directories and models repeat on every line of a file.
     */
    String cachedString(int field) {
        if (starts[field] < 0) {
            return null;
        }
        int length = ends[field] - starts[field];
        byte[] previous = cachedBytes[field];
        if (previous != null && previous.length == length
                && Arrays.equals(previous, 0, length, b, starts[field], ends[field])) {
            return cachedStrings[field];
        }
        String value = string(field);
        cachedBytes[field] = Arrays.copyOfRange(b, starts[field], ends[field]);
        cachedStrings[field] = value;
        return value;
    }

    /** A 64-bit hash of a string field's text, or 0 when the line did not have it. */
    long hash(int field) {
        if (starts[field] < 0) {
            return 0;
        }
        if (escaped[field]) {
            return Hashes.of(decode(starts[field], ends[field]));
        }
        return Hashes.of(b, starts[field], ends[field]);
    }

    /** Milliseconds since the epoch of the {@code timestamp} field, or {@link Long#MIN_VALUE}. */
    long timestampMillis() {
        if (starts[F_TIMESTAMP] < 0) {
            return Long.MIN_VALUE;
        }
        return Timestamps.parseMillis(b, starts[F_TIMESTAMP], ends[F_TIMESTAMP], escaped[F_TIMESTAMP]
                ? string(F_TIMESTAMP) : null);
    }

    private boolean fieldEquals(int field, byte[] literal) {
        return starts[field] >= 0 && !escaped[field] && ends[field] - starts[field] == literal.length
                && Arrays.equals(b, starts[field], ends[field], literal, 0, literal.length);
    }

    // ---- the object levels we look into

    private void parseTopLevel() {
        p++;
        skipWhitespace();
        if (peek() == '}') {
            p++;
            return;
        }
        while (true) {
            int keyStart = p + 1;
            int keyEnd = key();
            int length = keyEnd - keyStart;
            if (!lastEscaped && length == 4 && matches(keyStart, TYPE)) {
                stringField(F_TYPE);
                if (!fieldEquals(F_TYPE, ASSISTANT)) {
                    throw NOT_COUNTED;
                }
            } else if (!lastEscaped && length == 7 && matches(keyStart, K_MESSAGE)) {
                if (peek() == '{') {
                    parseMessage();
                } else {
                    skipValue(1);
                }
            } else if (!lastEscaped && length == 9 && matches(keyStart, K_SESSION_ID)) {
                stringField(F_SESSION);
            } else if (!lastEscaped && length == 9 && matches(keyStart, K_REQUEST_ID)) {
                stringField(F_REQUEST);
            } else if (!lastEscaped && length == 9 && matches(keyStart, K_TIMESTAMP)) {
                stringField(F_TIMESTAMP);
            } else if (!lastEscaped && length == 3 && matches(keyStart, K_CWD)) {
                stringField(F_CWD);
            } else if (!lastEscaped && length == 11 && matches(keyStart, K_IS_SIDECHAIN)) {
                sidechain = peek() == 't';
                skipValue(1);
            } else {
                skipValue(1);
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    private void parseMessage() {
        p++;
        skipWhitespace();
        if (peek() == '}') {
            p++;
            return;
        }
        while (true) {
            int keyStart = p + 1;
            int keyEnd = key();
            int length = keyEnd - keyStart;
            if (!lastEscaped && length == 2 && matches(keyStart, K_ID)) {
                stringField(F_MESSAGE_ID);
            } else if (!lastEscaped && length == 5 && matches(keyStart, K_MODEL)) {
                stringField(F_MODEL);
            } else if (!lastEscaped && length == 5 && matches(keyStart, K_USAGE) && peek() == '{') {
                parseUsage();
            } else {
                skipValue(2);
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    private void parseUsage() {
        hasUsage = true;
        p++;
        skipWhitespace();
        if (peek() == '}') {
            p++;
            return;
        }
        while (true) {
            int keyStart = p + 1;
            int keyEnd = key();
            int length = keyEnd - keyStart;
            if (!lastEscaped && length == 12 && matches(keyStart, K_INPUT_TOKENS)) {
                inputTokens = count();
            } else if (!lastEscaped && length == 13 && matches(keyStart, K_OUTPUT_TOKENS)) {
                outputTokens = count();
            } else if (!lastEscaped && length == 27 && matches(keyStart, K_CACHE_CREATION_INPUT_TOKENS)) {
                cacheCreationTokens = count();
            } else if (!lastEscaped && length == 23 && matches(keyStart, K_CACHE_READ_INPUT_TOKENS)) {
                cacheReadTokens = count();
            } else if (!lastEscaped && length == 14 && matches(keyStart, K_CACHE_CREATION) && peek() == '{') {
                parseCacheCreation();
            } else {
                skipValue(3);
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    private void parseCacheCreation() {
        p++;
        skipWhitespace();
        if (peek() == '}') {
            p++;
            return;
        }
        while (true) {
            int keyStart = p + 1;
            int keyEnd = key();
            int length = keyEnd - keyStart;
            if (!lastEscaped && length == 25 && matches(keyStart, K_EPHEMERAL_1H_INPUT_TOKENS)) {
                ephemeral1hTokens = count();
            } else if (!lastEscaped && length == 25 && matches(keyStart, K_EPHEMERAL_5M_INPUT_TOKENS)) {
                ephemeral5mTokens = count();
            } else {
                skipValue(4);
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    /** Reads {@code "key"} and the colon after it; returns where the key's text ends. */
    private int key() {
        skipWhitespace();
        if (peek() != '"') {
            throw MALFORMED_LINE;
        }
        int keyEnd = skipString();
        skipWhitespace();
        if (peek() != ':') {
            throw MALFORMED_LINE;
        }
        p++;
        skipWhitespace();
        return keyEnd;
    }

    /** After a member: true if another follows (a comma), false at the closing brace. */
    private boolean nextMember() {
        skipWhitespace();
        byte c = peek();
        p++;
        if (c == ',') {
            return true;
        }
        if (c == '}') {
            return false;
        }
        throw MALFORMED_LINE;
    }

    private void stringField(int field) {
        if (peek() != '"') {
            skipValue(1);
            starts[field] = -1;
            return;
        }
        starts[field] = p + 1;
        ends[field] = skipString();
        escaped[field] = lastEscaped;
    }

    /** A token count: a non-negative integer, or null (0). Anything else makes the line malformed. */
    private long count() {
        byte c = peek();
        if (c == 'n') {
            literal(NULL);
            return 0;
        }
        if (c < '0' || c > '9') {
            throw MALFORMED_LINE;
        }
        if (c == '0' && p + 1 < end && b[p + 1] >= '0' && b[p + 1] <= '9') {
            throw MALFORMED_LINE;
        }
        long value = 0;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            if (value > (Long.MAX_VALUE - 9) / 10) {
                throw MALFORMED_LINE;
            }
            value = value * 10 + (b[p] - '0');
            p++;
        }
        if (p < end && (b[p] == '.' || b[p] == 'e' || b[p] == 'E')) {
            throw MALFORMED_LINE;
        }
        return value;
    }

    // ---- generic validation and skipping

    private void skipValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw MALFORMED_LINE;
        }
        byte c = peek();
        switch (c) {
            case '"':
                skipString();
                return;
            case '{':
                skipObject(depth);
                return;
            case '[':
                skipArray(depth);
                return;
            case 't':
                literal(TRUE);
                return;
            case 'f':
                literal(FALSE);
                return;
            case 'n':
                literal(NULL);
                return;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    skipNumber();
                    return;
                }
                throw MALFORMED_LINE;
        }
    }

    private void skipObject(int depth) {
        p++;
        skipWhitespace();
        if (peek() == '}') {
            p++;
            return;
        }
        while (true) {
            key();
            skipValue(depth + 1);
            if (!nextMember()) {
                return;
            }
        }
    }

    private void skipArray(int depth) {
        p++;
        skipWhitespace();
        if (peek() == ']') {
            p++;
            return;
        }
        while (true) {
            skipWhitespace();
            skipValue(depth + 1);
            skipWhitespace();
            byte c = peek();
            p++;
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw MALFORMED_LINE;
            }
        }
    }

    private void skipNumber() {
        if (b[p] == '-') {
            p++;
        }
        int digits = digits();
        if (digits == 0) {
            throw MALFORMED_LINE;
        }
        if (p < end && b[p] == '.') {
            p++;
            if (digits() == 0) {
                throw MALFORMED_LINE;
            }
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            if (digits() == 0) {
                throw MALFORMED_LINE;
            }
        }
    }

    private int digits() {
        int start = p;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        return p - start;
    }

    private void literal(byte[] word) {
        if (p + word.length > end || !matches(p, word)) {
            throw MALFORMED_LINE;
        }
        p += word.length;
    }

    /**
     * Skips a string starting at the quote under {@code p}; returns the index of its closing
     * quote and leaves {@code p} after it. Sets {@link #lastEscaped} if it held an escape.
     */
    private int skipString() {
        p++;
        lastEscaped = false;
        while (true) {
            while (p + 8 <= end) {
                long word = (long) LONGS.get(b, p);
                long quote = word ^ QUOTES;
                long backslash = word ^ BACKSLASHES;
                long special = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash)
                        | ((word - SPACES) & ~word);
                special &= HIGHS;
                if (special != 0) {
                    p += TranscriptReader.firstMarkedByte(special);
                    break;
                }
                p += 8;
            }
            if (p >= end) {
                throw MALFORMED_LINE;
            }
            byte c = b[p];
            if (c == '"') {
                p++;
                return p - 1;
            }
            if (c == '\\') {
                lastEscaped = true;
                skipEscape();
            } else if (c >= 0 && c < 0x20) {
                throw MALFORMED_LINE;
            } else {
                p++;
            }
        }
    }

    private void skipEscape() {
        p++;
        if (p >= end) {
            throw MALFORMED_LINE;
        }
        byte c = b[p];
        if (c == 'u') {
            if (p + 5 > end) {
                throw MALFORMED_LINE;
            }
            for (int i = 1; i <= 4; i++) {
                if (Character.digit(b[p + i], 16) < 0) {
                    throw MALFORMED_LINE;
                }
            }
            p += 5;
            return;
        }
        if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't') {
            p++;
            return;
        }
        throw MALFORMED_LINE;
    }

    private void skipWhitespace() {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            p++;
        }
    }

    private byte peek() {
        if (p >= end) {
            throw MALFORMED_LINE;
        }
        return b[p];
    }

    private boolean matches(int at, byte[] text) {
        for (int i = 0; i < text.length; i++) {
            if (b[at + i] != text[i]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes a JSON string's escapes (the content was validated while skipping it). */
    private String decode(int start, int stop) {
        StringBuilder text = new StringBuilder(stop - start);
        int run = start;
        int i = start;
        while (i < stop) {
            if (b[i] != '\\') {
                i++;
                continue;
            }
            text.append(new String(b, run, i - run, StandardCharsets.UTF_8));
            char c = (char) b[i + 1];
            switch (c) {
                case 'u':
                    text.append((char) Integer.parseInt(new String(b, i + 2, 4, StandardCharsets.US_ASCII), 16));
                    i += 6;
                    break;
                case 'b':
                    text.append('\b');
                    i += 2;
                    break;
                case 'f':
                    text.append('\f');
                    i += 2;
                    break;
                case 'n':
                    text.append('\n');
                    i += 2;
                    break;
                case 'r':
                    text.append('\r');
                    i += 2;
                    break;
                case 't':
                    text.append('\t');
                    i += 2;
                    break;
                default:
                    text.append(c);
                    i += 2;
            }
            run = i;
        }
        text.append(new String(b, run, stop - run, StandardCharsets.UTF_8));
        return text.toString();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
