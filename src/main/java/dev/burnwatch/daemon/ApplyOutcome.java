package dev.burnwatch.daemon;

/**
 * What {@link SafeApply#apply} did.
 *
 * @param path the file on the host
 * @param changed false when the new text equalled the file's (nothing was written)
 * @param backupPath the copy of the previous version beside the file, or null when unchanged
 * @param beforeSha256 fingerprint of the version that was read
 * @param afterSha256 fingerprint of the version now in place
 * @param ownerAndMode owner, group and octal mode the file kept ({@code ubuntu:ubuntu 755}),
 *     or null when unchanged
 */
public record ApplyOutcome(String path, boolean changed, String backupPath, String beforeSha256,
        String afterSha256, String ownerAndMode) {
}
