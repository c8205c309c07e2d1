package dev.burnwatch.host;

/**
 * A file on a host.
 *
 * @param path absolute path
 * @param size bytes
 * @param modifiedMillis modification time, milliseconds since the epoch
 * @param identity what tells a replaced file from an appended one: device and inode
 *     ({@code "dev:ino"}) where the host has them, else empty
 */
public record FileStat(String path, long size, long modifiedMillis, String identity) {
}
