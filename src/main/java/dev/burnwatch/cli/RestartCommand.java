package dev.burnwatch.cli;

import picocli.CommandLine.Command;

/** Placeholder until the capability behind `burnwatch restart` lands; it refuses to pretend. */
@Command(name = "restart", description = "Not available in this build yet.")
public final class RestartCommand extends BaseCommand {

    @Override
    protected int execute() {
        throw new UnsupportedOperationException("'burnwatch restart' is not available in this build yet");
    }
}
