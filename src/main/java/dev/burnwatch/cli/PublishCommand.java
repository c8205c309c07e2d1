package dev.burnwatch.cli;

import picocli.CommandLine.Command;

/** Placeholder until the capability behind `burnwatch publish` lands; it refuses to pretend. */
@Command(name = "publish", description = "Not available in this build yet.")
public final class PublishCommand extends BaseCommand {

    @Override
    protected int execute() {
        throw new UnsupportedOperationException("'burnwatch publish' is not available in this build yet");
    }
}
