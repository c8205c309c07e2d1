package dev.burnwatch.daemon;

import dev.burnwatch.BadInputException;
import dev.burnwatch.host.CommandResult;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.LocalHost;
import dev.burnwatch.host.ShellQuote;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a daemon script on a host the way Ansible's file modules do, so that the file on
 * the host is always either the old version or the new one, whole.
 *
 * <ol>
 *   <li>{@link #read} reads the file and fingerprints it (SHA-256);</li>
 *   <li>{@link #apply} writes the new text to a temporary file beside it (mode 600), runs
 *       {@code bash -n} on it, gives it the owner, group and mode of the file, copies the file
 *       to a timestamped backup, checks that the file still has the fingerprint it had when it
 *       was read, and renames the temporary file over it.</li>
 * </ol>
 *
 * <p>Any failure after the temporary file was written removes it again. If the connection
 * drops so that even that is impossible, the next {@code apply} on the same file removes the
 * leftover ({@code .NAME.burnwatch-XXXXXXXXXXXXXXXX.tmp}) before it starts.
 *
 * <p>Usage:
 * <pre>{@code
 * SafeApply safe = new SafeApply(host);
 * ScriptFile script = safe.read("/home/ubuntu/agent_daemon.sh");
 * ApplyOutcome outcome = safe.apply(script, patchedText);
 * }</pre>
 */
public final class SafeApply {

    /** Scripts larger than this are not daemon scripts; refuse them rather than load them. */
    public static final int MAX_SCRIPT_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(SafeApply.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final DateTimeFormatter BACKUP_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String TEMP_MARK = ".burnwatch-";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String FOLDER_MARK = "burnwatch: a folder";

    private final Host host;

    public SafeApply(Host host) {
        this.host = host;
    }

    /**
     * Reads a script and fingerprints it. A link is followed: the file it points to is the one
     * that will be replaced, so the link stays a link.
     *
     * @throws BadInputException if the file is not UTF-8 text or larger than {@link #MAX_SCRIPT_BYTES}
     */
    public ScriptFile read(String path) throws HostException {
        String realPath = realPath(path);
        byte[] content = readBytes(realPath);
        return new ScriptFile(host.id(), realPath, decode(realPath, content), Hashes.sha256(content));
    }

    /**
     * Puts {@code newText} in place of {@code original}, or does nothing when the text is the
     * same (the outcome then says unchanged and no backup is made).
     *
     * @throws ChangeRefusedException when {@code bash -n} rejects the text, the file changed on
     *     the host since it was read, or its owner and mode cannot be kept; the file is untouched
     * @throws HostException when the host fails or the connection drops; the file is either
     *     untouched or, if the rename itself was cut off, already the new version (never partial)
     */
    public ApplyOutcome apply(ScriptFile original, String newText) throws HostException, ChangeRefusedException {
        if (newText.equals(original.text())) {
            LOG.debug("{} already has the requested text: unchanged", original.path());
            return new ApplyOutcome(original.path(), false, null, original.sha256(), original.sha256(), null);
        }
        byte[] newContent = newText.getBytes(StandardCharsets.UTF_8);
        removeLeftovers(original);

        String temp = tempPathFor(original);
        String backup = null;
        boolean renamed = false;
        writeTemporary(original, temp, newContent);
        try {
            checkSyntax(original, temp);
            String ownerAndMode = copyAttributes(original, temp);
            backup = backUp(original);
            requireUnchanged(original, "before it was replaced");

            renameIntoPlace(temp, original.path());
            renamed = true;
            LOG.info("Replaced {} on {} (backup {})", original.path(), host.id(), backup);
            return new ApplyOutcome(original.path(), true, backup, original.sha256(), Hashes.sha256(newContent),
                    ownerAndMode);
        } finally {
            if (!renamed) {
                cleanUp(temp, backup);
            }
        }
    }

    /**
     * Throws {@link ChangeRefusedException} (conflict) unless the file on the host still has
     * the fingerprint it had when {@code original} was read.
     */
    public void requireUnchanged(ScriptFile original, String when) throws HostException, ChangeRefusedException {
        String now = Hashes.sha256(readBytes(original.path()));
        if (!now.equals(original.sha256())) {
            throw new ChangeRefusedException(ChangeRefusedException.Reason.CONFLICT,
                    "Conflict: " + original.path() + " on " + host.id() + " changed after Burnwatch read it and " + when
                    + " (someone else edited it). Nothing was written and the other change was kept. "
                    + "Look at the file, then run the command again.");
        }
    }

    private void renameIntoPlace(String temp, String target) throws HostException {
        try {
            host.rename(temp, target);
        } catch (HostException e) {
            String state = e.kind().isConnection()
                    ? "The connection failed during the rename, which is atomic: the file is either the old"
                      + " version or the new one, whole. Run 'burnwatch verify' to see which."
                    : "The file is unchanged.";
            throw new HostException(e.kind(), "Could not move the new version of " + target + " into place on "
                    + host.id() + ": " + e.getMessage() + ". " + state, e);
        }
    }

    /**
     * Writes the new version beside the script. The folder must be writable, not only the script:
     * the rename that makes the change atomic replaces the folder's entry.
     */
    private void writeTemporary(ScriptFile original, String temp, byte[] content)
            throws HostException, ChangeRefusedException {
        try {
            host.write(temp, content, 0600);
        } catch (HostException e) {
            if (e.kind() != HostException.Kind.PERMISSION) {
                throw e;
            }
            cleanUp(temp, null);
            throw new ChangeRefusedException(ChangeRefusedException.Reason.NOT_WRITABLE, "Cannot write in "
                    + original.folder() + " on " + host.id() + " (permission denied), so " + original.path()
                    + " is unchanged. Burnwatch writes the new version to a temporary file beside the script and"
                    + " renames it over the script, so it needs write access to the script's folder, not only to"
                    + " the script. Connect as a user who can write " + original.folder() + " (the folder's owner,"
                    + " or root), or give this user write access to the folder.");
        }
    }

    private String realPath(String path) throws HostException {
        if (!path.startsWith("/")) {
            throw new BadInputException("'" + path + "' is not an absolute path; give the script's full path");
        }
        if (host.stat(path).isEmpty()) {
            throw new BadInputException("There is no file " + path + " on " + host.id() + ". " + pathHint());
        }
        String quoted = ShellQuote.quote(path);
        CommandResult result = host.exec("readlink -f -- " + quoted + "; if [ -d " + quoted + " ]; then echo "
                + ShellQuote.quote(FOLDER_MARK) + "; fi", COMMAND_TIMEOUT);
        List<String> lines = result.stdout().strip().lines().toList();
        if (lines.contains(FOLDER_MARK)) {
            throw new BadInputException(path + " on " + host.id() + " is a folder, not a script. Name the daemon's"
                    + " script in it (the file its unit's ExecStart runs), e.g. " + (path.endsWith("/") ? path
                    : path + "/") + "agent_daemon.sh.");
        }
        String resolved = lines.isEmpty() ? "" : lines.get(0).strip();
        return resolved.startsWith("/") ? resolved : path;
    }

    /** What to check when a path names nothing, in the words of the kind of target it was. */
    private String pathHint() {
        if (LocalHost.ID.equals(host.id())) {
            return "Check the path on this machine; for a script on another host, write"
                    + " ssh://user@host/absolute/path (or savedhost:/absolute/path).";
        }
        return "Check the path on that host: it is absolute (ssh://user@host/home/ubuntu/agent_daemon.sh), or"
                + " under the login's home folder with /~/ (ssh://user@host/~/agent_daemon.sh).";
    }

    /**
     * Refuses a script that is already not valid bash, before anything is worked out or written:
     * {@code bash -n} on the file as it is on the host. A patch of such a file would be blamed for
     * a fault it did not make.
     *
     * @throws ChangeRefusedException naming the file and what bash said
     */
    public void requireValidBash(ScriptFile original) throws HostException, ChangeRefusedException {
        CommandResult result = host.exec("bash -n -- " + ShellQuote.quote(original.path()), COMMAND_TIMEOUT);
        if (result.succeeded()) {
            return;
        }
        if (result.exitStatus() == 127) {
            throw new ChangeRefusedException(ChangeRefusedException.Reason.INVALID_SCRIPT, "bash was not found on "
                    + host.id() + ", so " + original.path() + " cannot be checked (bash -n) and Burnwatch will not"
                    + " patch it. Install bash on the host, then patch again.");
        }
        String complaint = result.stderr().strip().replace("\n", "\n  ");
        throw new ChangeRefusedException(ChangeRefusedException.Reason.INVALID_SCRIPT, original.path() + " on "
                + host.id() + " is already not valid bash, so Burnwatch will not patch it: the daemon cannot run it"
                + " as it is either. Fix the script (or roll it back with 'burnwatch rollback'), then patch again."
                + " bash -n says:\n  " + complaint);
    }

    private byte[] readBytes(String path) throws HostException {
        return host.readAll(path, MAX_SCRIPT_BYTES);
    }

    private static String decode(String path, byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(path + " is not UTF-8 text, so it cannot be edited without changing"
                    + " bytes Burnwatch does not understand. Convert it to UTF-8 first (iconv).");
        }
    }

    /**
     * Removes temporary files that an earlier change to this file left when its connection
     * dropped: ours ({@code .NAME.burnwatch-<16 hex>.tmp}) and the SSH layer's own temporary
     * copy of one of ours.
     */
    private void removeLeftovers(ScriptFile original) throws HostException {
        String ours = "." + globEscaped(original.fileName()) + TEMP_MARK + "????????????????.tmp";
        String command = "find " + ShellQuote.quote(original.folder()) + " -maxdepth 1 -type f \\( -name "
                + ShellQuote.quote(ours) + " -o -name " + ShellQuote.quote("." + ours + TEMP_MARK + "*.tmp")
                + " \\) -print -delete";
        CommandResult result = host.exec(command, COMMAND_TIMEOUT);
        if (!result.stdout().isBlank()) {
            LOG.warn("Removed temporary files that an interrupted earlier change left on {}: {}", host.id(),
                    result.stdout().strip().replace('\n', ' '));
        }
    }

    private static String globEscaped(String name) {
        StringBuilder escaped = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static String tempPathFor(ScriptFile original) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        String folder = original.folder().equals("/") ? "" : original.folder();
        return folder + "/." + original.fileName() + TEMP_MARK + HexFormat.of().formatHex(random) + ".tmp";
    }

    private void checkSyntax(ScriptFile original, String temp) throws HostException, ChangeRefusedException {
        CommandResult result = host.exec("bash -n " + ShellQuote.quote(temp), COMMAND_TIMEOUT);
        if (result.succeeded()) {
            return;
        }
        String complaint = result.stderr().strip().replace(temp, original.path());
        if (result.exitStatus() == 127) {
            complaint = "bash was not found on the host";
        }
        throw new ChangeRefusedException(ChangeRefusedException.Reason.INVALID_SCRIPT,
                "bash -n rejected the new version of " + original.path() + " on " + host.id() + ", so it was not"
                + " written; the file is unchanged. bash said: " + complaint);
    }

    private String copyAttributes(ScriptFile original, String temp) throws HostException, ChangeRefusedException {
        String target = ShellQuote.quote(original.path());
        String copy = ShellQuote.quote(temp);
        String command = "chown --reference=" + target + " " + copy + " && chmod --reference=" + target + " " + copy
                + " && stat -c '%U:%G %a' " + target + " " + copy;
        CommandResult result = host.exec(command, COMMAND_TIMEOUT);
        String[] lines = result.stdout().strip().split("\n");
        if (result.succeeded() && lines.length == 2 && lines[0].equals(lines[1])) {
            return lines[0];
        }
        String said = result.stderr().strip();
        String why = said.isEmpty() ? "the copy got " + (lines.length == 2 ? lines[1] : "other attributes")
                + " instead of " + lines[0] : said;
        String advice = said.contains("chown")
                ? " Only root can give a file another owner, and Burnwatch writes the new version as the login"
                        + " user (it does not use sudo for files): connect as the script's owner (" + owner(original)
                        + "), so that the new version is already theirs, or as root."
                : " Connect as the script's owner (" + owner(original) + ") or as root.";
        throw new ChangeRefusedException(ChangeRefusedException.Reason.ATTRIBUTES,
                "Could not give the new version of " + original.path() + " on " + host.id() + " (written as "
                + temp + ") the owner, group and mode of the old one: " + why + ". It was not put in place; "
                + original.path() + " is unchanged." + advice);
    }

    /** The script's owner and group for a message, or "its owner" when they cannot be read. */
    private String owner(ScriptFile original) {
        try {
            CommandResult result = host.exec("stat -c '%U:%G' -- " + ShellQuote.quote(original.path()),
                    COMMAND_TIMEOUT);
            String owner = result.stdout().strip();
            return result.succeeded() && !owner.isEmpty() ? owner : "its owner";
        } catch (HostException e) {
            return "its owner";
        }
    }

    private String backUp(ScriptFile original) throws HostException, ChangeRefusedException {
        String stamp = BACKUP_STAMP.format(host.now());
        String backup = original.path() + TEMP_MARK + stamp + ".bak";
        for (int n = 2; host.stat(backup).isPresent(); n++) {
            backup = original.path() + TEMP_MARK + stamp + "-" + n + ".bak";
        }
        CommandResult result = host.exec("cp -p -- " + ShellQuote.quote(original.path()) + " "
                + ShellQuote.quote(backup), COMMAND_TIMEOUT);
        if (!result.succeeded()) {
            host.delete(backup);
            throw new HostException(HostException.Kind.OTHER, "Could not back up " + original.path() + " on "
                    + host.id() + " to " + backup + ": " + result.stderr().strip()
                    + ". Nothing was changed; make room or fix the folder's permissions.");
        }
        if (!Hashes.sha256(readBytes(backup)).equals(original.sha256())) {
            host.delete(backup);
            throw new ChangeRefusedException(ChangeRefusedException.Reason.CONFLICT,
                    "Conflict: " + original.path() + " on " + host.id() + " changed after Burnwatch read it, while it"
                    + " was backed up (someone else edited it). Nothing was written and the other change was kept. "
                    + "Look at the file, then run the command again.");
        }
        return backup;
    }

    /**
     * Removes what this attempt made, even when the thread was interrupted, so that a
     * cancelled change leaves nothing behind.
     */
    private void cleanUp(String temp, String backup) {
        boolean interrupted = Thread.interrupted();
        try {
            host.delete(temp);
            if (backup != null) {
                host.delete(backup);
            }
        } catch (HostException e) {
            LOG.warn("Could not remove {} from {} ({}); the next change to that file removes it", temp, host.id(),
                    e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
