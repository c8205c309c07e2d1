package dev.burnwatch.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** This machine, reached through the file system and {@code sh -c}. */
public final class LocalHost implements Host {

    public static final String ID = "local";

    /** The JDK's Unix file key: {@code (dev=HEX,ino=DECIMAL)}. */
    private static final Pattern UNIX_KEY = Pattern.compile("\\(dev=([0-9a-f]+),ino=([0-9]+)\\)");

    private final AtomicLong bytesReceived = new AtomicLong();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String homeDir() {
        return System.getProperty("user.home");
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public Optional<FileStat> stat(String path) throws HostException {
        Path file = Path.of(path);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(statOf(file, Files.readAttributes(file, BasicFileAttributes.class)));
        } catch (IOException e) {
            throw failure("read the attributes of", path, e);
        }
    }

    @Override
    public List<FileStat> listFiles(String root, String suffix) throws HostException {
        return list(root, suffix).files();
    }

    @Override
    public FileListing list(String root, String suffix) throws HostException {
        Path start = Path.of(root);
        if (!Files.isDirectory(start)) {
            return new FileListing(List.of(), List.of());
        }
        List<FileStat> files = new ArrayList<>();
        List<FileListing.UnreadableFolder> unreadable = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && file.getFileName().toString().endsWith(suffix)) {
                        files.add(statOf(file, attrs));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
                        unreadable.add(new FileListing.UnreadableFolder(dir.toAbsolutePath().toString(),
                                "Permission denied"));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    // A folder that cannot be opened: its files are unknown, not gone. (A file
                    // that vanished between the listing and now is just gone.)
                    if (exc instanceof java.nio.file.AccessDeniedException) {
                        unreadable.add(new FileListing.UnreadableFolder(file.toAbsolutePath().toString(),
                                "Permission denied"));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new HostException(HostException.Kind.OTHER, "Could not list " + root + ": " + e.getMessage(), e);
        }
        return new FileListing(files, unreadable);
    }

    private static FileStat statOf(Path file, BasicFileAttributes attrs) {
        return new FileStat(file.toAbsolutePath().toString(), attrs.size(),
                attrs.lastModifiedTime().toMillis(), identityOf(attrs));
    }

    /**
     * Device and inode from the attributes the walk already holds (their file key), so a
     * listing costs one {@code stat} per file. Written {@code DEV:INO} in decimal, as
     * {@code find -printf '%D:%i'} writes it over SSH, so one file has one identity however
     * it is reached; empty where the file system has no key.
     */
    static String identityOf(BasicFileAttributes attrs) {
        Object key = attrs.fileKey();
        if (key == null) {
            return "";
        }
        Matcher unix = UNIX_KEY.matcher(key.toString());
        return unix.matches() ? Long.parseUnsignedLong(unix.group(1), 16) + ":" + unix.group(2) : key.toString();
    }

    @Override
    public byte[] read(String path, long offset, int length) throws HostException {
        try (FileChannel channel = FileChannel.open(Path.of(path), StandardOpenOption.READ)) {
            long available = Math.max(0, channel.size() - offset);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, available));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
            bytesReceived.addAndGet(buffer.position());
            return buffer.position() == buffer.capacity() ? buffer.array()
                    : java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (IOException e) {
            throw failure("read", path, e);
        }
    }

    @Override
    public byte[] readAll(String path, int maxBytes) throws HostException {
        try {
            long size = Files.size(Path.of(path));
            if (size > maxBytes) {
                throw new HostException(HostException.Kind.OTHER,
                        path + " is " + size + " bytes, more than the " + maxBytes + " this operation reads");
            }
            byte[] content = Files.readAllBytes(Path.of(path));
            bytesReceived.addAndGet(content.length);
            return content;
        } catch (IOException e) {
            throw failure("read", path, e);
        }
    }

    /**
     * Writes a temporary file beside {@code path} and renames it into place, as
     * {@link SshHost#write} does: the file holds the old content or the new, never a part.
     * An existing file keeps its permission bits; a new one gets {@code mode}.
     */
    @Override
    public void write(String path, byte[] content, int mode) throws HostException {
        Path file = Path.of(path);
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Set<PosixFilePermission> permissions = Files.exists(file)
                    ? Files.getPosixFilePermissions(file) : permissions(mode);
            temp = Files.createTempFile(dir, "." + file.getFileName() + ".burnwatch-", ".tmp");
            Files.write(temp, content);
            Files.setPosixFilePermissions(temp, permissions);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            if (e instanceof AccessDeniedException) {
                throw new HostException(HostException.Kind.PERMISSION, "Could not write " + path + ": permission"
                        + " denied. " + folderAccess(dir.toString(), path), e);
            }
            throw failure("write", path, e);
        }
    }

    /**
     * Why a write or a rename needs the folder (the same words on every host): the new
     * content goes to a temporary file beside the target, renamed over it.
     */
    static String folderAccess(String folder, String path) {
        return "Burnwatch needs write access to the folder " + folder + ", not only to the file: it writes a"
                + " temporary file beside " + path + " and renames it over the old one. Give the user write access"
                + " to " + folder + ", or keep the file in a folder the user may write to.";
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // nothing more can be done about a temporary file that cannot be removed
        }
    }

    @Override
    public void rename(String source, String target) throws HostException {
        try {
            Files.move(Path.of(source), Path.of(target), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            if (e instanceof AccessDeniedException) {
                Path folder = Path.of(target).toAbsolutePath().getParent();
                throw new HostException(HostException.Kind.PERMISSION, "Could not rename " + source + " to " + target
                        + ": permission denied. " + folderAccess(String.valueOf(folder), target), e);
            }
            throw failure("rename " + source + " to", target, e);
        }
    }

    @Override
    public void delete(String path) throws HostException {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
            throw failure("delete", path, e);
        }
    }

    @Override
    public CommandResult exec(String command, Duration timeout) throws HostException {
        Process process;
        try {
            process = new ProcessBuilder("sh", "-c", command).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new HostException(HostException.Kind.OTHER, "Could not start sh on this machine: "
                    + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new HostException(HostException.Kind.TIMEOUT,
                        "The command did not finish within " + timeout.toSeconds() + " s and was stopped");
            }
            CommandResult result = new CommandResult(process.exitValue(), stdout.get(), stderr.get());
            Sudo.refuseIfPasswordWanted(ID, System.getProperty("user.name"), command, result);
            return result;
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HostException(HostException.Kind.CANCELLED, "The command was cancelled", e);
        } catch (ExecutionException e) {
            throw new HostException(HostException.Kind.OTHER, "Could not read the command's output", e.getCause());
        }
    }

    /**
     * Reads a stream to its end on a thread of its own: the common pool has one thread on a
     * two-core machine, and a command that fills one pipe while we wait on the other would hang.
     */
    private CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                bytesReceived.addAndGet(buffer.size());
                result.complete(buffer.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        }, "local-exec-drain");
        reader.setDaemon(true);
        reader.start();
        return result;
    }

    @Override
    public long bytesReceived() {
        return bytesReceived.get();
    }

    @Override
    public void close() {
        // nothing to release
    }

    private static HostException failure(String action, String path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new HostException(HostException.Kind.NOT_FOUND, "Could not " + action + " " + path
                    + ": no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new HostException(HostException.Kind.PERMISSION, "Could not " + action + " " + path
                    + ": permission denied", e);
        }
        return new HostException(HostException.Kind.OTHER, "Could not " + action + " " + path + ": " + e, e);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }
}
