package dev.burnwatch.usage;

import dev.burnwatch.host.FileStat;
import dev.burnwatch.host.HostException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists this machine's transcripts with one {@code stat} per file: the identity comes from the
 * attributes the walk already has (their file key holds device and inode), where the generic
 * host listing asks for it again.
 */
final class LocalFiles {

    private LocalFiles() {
    }

    static List<FileStat> list(String root, String suffix) throws HostException {
        Path start = Path.of(root);
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<FileStat> files = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && file.getFileName().toString().endsWith(suffix)) {
                        Object key = attrs.fileKey();
                        files.add(new FileStat(file.toAbsolutePath().toString(), attrs.size(),
                                attrs.lastModifiedTime().toMillis(), key == null ? "" : key.toString()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new HostException(HostException.Kind.OTHER, "Could not list the transcripts below " + root + ": "
                    + e.getMessage(), e);
        }
        return files;
    }
}
