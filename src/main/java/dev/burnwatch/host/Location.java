package dev.burnwatch.host;

import dev.burnwatch.BadInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where something is, as the command line writes it (CONVENTIONS.md): {@code local}, a
 * local path, {@code ssh://user@host[:port][/path]} (a path starting {@code /~/} is under
 * the home folder), or a saved host's name with an optional path ({@code myhost:/path}).
 *
 * @param kind which of the forms above
 * @param user SSH user, or null (then the saved host's or the local user's name)
 * @param address host name or address for SSH; the saved host's name for {@link Kind#SAVED}
 * @param port SSH port, or -1 for the default
 * @param path the path on that host, or null when none was given
 */
public record Location(Kind kind, String user, String address, int port, String path) {

    private static final java.util.regex.Pattern OTHER_SCHEME = java.util.regex.Pattern.compile(
            "[A-Za-z][A-Za-z0-9+.-]*://");

    /** The form a location was written in. */
    public enum Kind { LOCAL, SSH, SAVED }

    /** Parses a SRC, HOST or TARGET argument. */
    public static Location parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BadInputException("A host or path is needed: 'local', a path, ssh://user@host[:port][/path]"
                    + " or a saved host's name");
        }
        if (text.equals("local")) {
            return new Location(Kind.LOCAL, null, null, -1, null);
        }
        if (text.startsWith("ssh://")) {
            return parseSsh(text);
        }
        java.util.regex.Matcher scheme = OTHER_SCHEME.matcher(text);
        if (scheme.lookingAt()) {
            throw new BadInputException("'" + text + "': " + scheme.group() + " is not a source: use a folder or"
                    + " ssh://user@host[:port]/path");
        }
        int colon = text.indexOf(':');
        if (colon > 0 && !text.startsWith("/") && !text.startsWith(".") && text.indexOf('/') > colon) {
            return new Location(Kind.SAVED, null, text.substring(0, colon), -1, text.substring(colon + 1));
        }
        if (!text.contains("/") && !text.contains(".") && !text.startsWith("~")) {
            return new Location(Kind.SAVED, null, text, -1, null);
        }
        return new Location(Kind.LOCAL, null, null, -1, text);
    }

    /**
     * Parses a SRC or TARGET, where a bare word may be a folder or file here as well as a
     * saved host: a local path that exists wins, and {@code name:} (or {@code name:/path})
     * always names the saved host.
     */
    public static Location parseSource(String text) {
        if (text != null && text.length() > 1 && text.indexOf(':') == text.length() - 1 && !text.contains("/")) {
            return new Location(Kind.SAVED, null, text.substring(0, text.length() - 1), -1, null);
        }
        Location location = parse(text);
        if (location.kind() == Kind.SAVED && location.path() == null && Files.exists(Path.of(text))) {
            return new Location(Kind.LOCAL, null, null, -1, text);
        }
        return location;
    }

    private static Location parseSsh(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new BadInputException("'" + text + "' is not a valid ssh:// address: " + e.getReason()
                    + ". Write it as ssh://user@host[:port][/path]");
        }
        java.util.regex.Matcher badPort = java.util.regex.Pattern.compile("ssh://[^/]*:([^/0-9][^/]*|[0-9]*[^/0-9]"
                + "[^/]*)(/.*)?").matcher(text);
        if (uri.getHost() == null && badPort.matches()) {
            throw new BadInputException("'" + text + "': port '" + badPort.group(1) + "' is not a number. Write it as"
                    + " ssh://user@host[:port][/path]");
        }
        if (uri.getHost() == null) {
            throw new BadInputException("'" + text + "' names no host. Write it as ssh://user@host[:port][/path]");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new BadInputException("'" + text + "': port " + uri.getPort() + " is not a TCP port (1-65535)");
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? null : uri.getPath();
        return new Location(Kind.SSH, uri.getUserInfo(), uri.getHost(), uri.getPort(), path);
    }

    /** The same host without a path: what a HOST argument names. */
    public Location withoutPath() {
        return new Location(kind, user, address, port, null);
    }

    /** The same host with another path. */
    public Location withPath(String newPath) {
        return new Location(kind, user, address, port, newPath);
    }

    @Override
    public String toString() {
        switch (kind) {
            case LOCAL:
                return path == null ? "local" : path;
            case SAVED:
                return path == null ? address : address + ":" + path;
            default:
                return "ssh://" + (user == null ? "" : user + "@") + address + (port < 0 ? "" : ":" + port)
                        + (path == null ? "" : path);
        }
    }
}
