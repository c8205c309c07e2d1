package dev.burnwatch.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** File chores of the sandbox: whole-file replacement, resources, removal. */
final class SandboxFiles {

    private SandboxFiles() {
    }

    /** Replaces {@code target} so that a reader sees the old content or the new, never a part. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(temporary, content);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes a file with the given permissions (such as {@code rw-------}) set before any byte is in it. */
    static void writePrivate(Path target, byte[] content, String permissions) throws IOException {
        Files.deleteIfExists(target);
        Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        Files.write(target, content);
    }

    /** The bytes of one of the demo's bundled files (scripts, the daemon). */
    static byte[] resource(String name) throws IOException {
        try (InputStream in = SandboxFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("The demo resource " + name + " is missing from this build");
            }
            return in.readAllBytes();
        }
    }

    /** Copies a bundled file into the sandbox with the given permissions. */
    static void install(String resource, Path target, String permissions) throws IOException {
        writeAtomically(target, resource(resource));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(permissions));
    }

    /** Deletes a folder and everything below it, without following links out of it. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
