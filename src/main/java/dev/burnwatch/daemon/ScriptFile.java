package dev.burnwatch.daemon;

/**
 * A daemon script as it was read from its host: the exact bytes, their text and their
 * fingerprint. {@link SafeApply} refuses to replace the file if it no longer has this
 * fingerprint.
 *
 * @param hostId the {@link dev.burnwatch.host.Host#id()} it was read from
 * @param path the real path on the host (links resolved)
 * @param text the content as UTF-8 text, byte for byte
 * @param sha256 SHA-256 of the content, lowercase hex
 */
public record ScriptFile(String hostId, String path, String text, String sha256) {

    /** The file's name without its folder. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The folder the file is in (no trailing slash; {@code /} for the root). */
    public String folder() {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
