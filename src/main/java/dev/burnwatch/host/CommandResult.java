package dev.burnwatch.host;

/** What a command on a host did: its exit status and both output streams. */
public record CommandResult(int exitStatus, String stdout, String stderr) {

    public boolean succeeded() {
        return exitStatus == 0;
    }
}
