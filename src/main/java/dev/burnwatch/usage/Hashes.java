package dev.burnwatch.usage;

import java.nio.charset.StandardCharsets;

/** 64-bit hashes of ids: FNV-1a over the UTF-8 bytes, then a finalising mix. Never 0. */
final class Hashes {

    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private Hashes() {
    }

    static long of(byte[] bytes, int start, int end) {
        long hash = FNV_OFFSET;
        for (int i = start; i < end; i++) {
            hash = (hash ^ (bytes[i] & 0xFF)) * FNV_PRIME;
        }
        long mixed = mix(hash ^ (end - start));
        return mixed == 0 ? 1 : mixed;
    }

    static long of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return of(bytes, 0, bytes.length);
    }

    /** MurmurHash3's 64-bit finaliser: spreads every input bit over the whole word. */
    static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
