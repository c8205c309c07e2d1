package dev.burnwatch.usage;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads the transcripts' ISO-8601 timestamps without building a String in the usual case. */
final class Timestamps {

    private Timestamps() {
    }

    /**
     * Milliseconds since the epoch of {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM)} in
     * {@code b[start, end)}, or {@link Long#MIN_VALUE} when it is not a timestamp.
     *
     * @param decoded the decoded text when the JSON string held escapes, else null
     */
    static long parseMillis(byte[] b, int start, int end, String decoded) {
        if (decoded == null) {
            long fast = fast(b, start, end);
            if (fast != Long.MIN_VALUE) {
                return fast;
            }
        }
        String text = decoded != null ? decoded : new String(b, start, end - start, StandardCharsets.UTF_8);
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }

    private static long fast(byte[] b, int s, int end) {
        if (end - s < 20 || b[s + 4] != '-' || b[s + 7] != '-' || (b[s + 10] != 'T' && b[s + 10] != 't')
                || b[s + 13] != ':' || b[s + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = number(b, s, 4);
        int month = number(b, s + 5, 2);
        int day = number(b, s + 8, 2);
        int hour = number(b, s + 11, 2);
        int minute = number(b, s + 14, 2);
        int second = number(b, s + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || day > 31
                || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        int i = s + 19;
        int millis = 0;
        if (b[i] == '.') {
            i++;
            int digits = 0;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                if (digits < 3) {
                    millis = millis * 10 + (b[i] - '0');
                }
                digits++;
                i++;
            }
            if (digits == 0) {
                return Long.MIN_VALUE;
            }
            for (int pad = digits; pad < 3; pad++) {
                millis *= 10;
            }
        }
        if (i == end - 1 && (b[i] == 'Z' || b[i] == 'z')) {
            return epochMillis(year, month, day, hour, minute, second, millis, 0);
        }
        if (i == end - 6 && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':') {
            int offsetHours = number(b, i + 1, 2);
            int offsetMinutes = number(b, i + 4, 2);
            if (offsetHours < 0 || offsetMinutes < 0) {
                return Long.MIN_VALUE;
            }
            int offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (b[i] == '-' ? -1 : 1);
            return epochMillis(year, month, day, hour, minute, second, millis, offsetSeconds);
        }
        return Long.MIN_VALUE;
    }

    private static int number(byte[] b, int at, int length) {
        int value = 0;
        for (int i = at; i < at + length; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static long epochMillis(int year, int month, int day, int hour, int minute, int second, int millis,
                                    int offsetSeconds) {
        long days = daysFromCivil(year, month, day);
        long seconds = days * 86400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1000 + millis;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097L + dayOfEra - 719468;
    }
}
