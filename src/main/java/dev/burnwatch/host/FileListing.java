package dev.burnwatch.host;

import java.util.List;

/**
 * What a listing found below a root: the files, and the folders it could not look into
 * (permission denied), each with the reason. A folder it could not look into is not an
 * empty folder: the files in it are unknown, not gone.
 *
 * @param files the regular files found
 * @param unreadableFolders folders below the root that could not be listed
 */
public record FileListing(List<FileStat> files, List<UnreadableFolder> unreadableFolders) {

    /** A folder the listing could not look into, and what the host said. */
    public record UnreadableFolder(String path, String reason) {
    }

    public FileListing {
        files = List.copyOf(files);
        unreadableFolders = List.copyOf(unreadableFolders);
    }
}
