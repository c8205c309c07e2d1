package dev.burnwatch.cli;

import picocli.CommandLine.Command;

/** Placeholder until the capability behind `burnwatch history` lands; it refuses to pretend. */
@Command(name = "history", description = "Not available in this build yet.")
public final class HistoryCommand extends BaseCommand {

    @Override
    protected int execute() {
        throw new UnsupportedOperationException("'burnwatch history' is not available in this build yet");
    }
}
