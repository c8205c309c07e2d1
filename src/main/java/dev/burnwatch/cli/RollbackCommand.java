package dev.burnwatch.cli;

import picocli.CommandLine.Command;

/** Placeholder until the capability behind `burnwatch rollback` lands; it refuses to pretend. */
@Command(name = "rollback", description = "Not available in this build yet.")
public final class RollbackCommand extends BaseCommand {

    @Override
    protected int execute() {
        throw new UnsupportedOperationException("'burnwatch rollback' is not available in this build yet");
    }
}
