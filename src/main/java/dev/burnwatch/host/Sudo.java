package dev.burnwatch.host;

/**
 * Recognises {@code sudo -n} refusing because it wants a password, and says what to change.
 * Commands run without a terminal, so sudo can never ask.
 */
final class Sudo {

    private Sudo() {
    }

    static void refuseIfPasswordWanted(String hostId, String user, String command, CommandResult result)
            throws HostException {
        if (result.succeeded() || !command.contains("sudo") || !result.stderr().contains("a password is required")) {
            return;
        }
        throw new HostException(HostException.Kind.PERMISSION, "sudo on " + hostId + " wants a password, and"
                + " Burnwatch cannot type one: it runs 'sudo -n' without a terminal. Allow '" + user + "' to run"
                + " this command without a password, for example with a line like '" + user
                + " ALL=(root) NOPASSWD: /usr/bin/systemctl restart agent-daemon.service' in"
                + " /etc/sudoers.d/burnwatch (edit it with 'visudo -f /etc/sudoers.d/burnwatch').");
    }
}
