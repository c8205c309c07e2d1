package dev.burnwatch.cli;

import picocli.CommandLine.Command;

/** Placeholder until the capability behind `burnwatch patch` lands; it refuses to pretend. */
@Command(name = "patch", description = "Not available in this build yet.")
public final class PatchCommand extends BaseCommand {

    @Override
    protected int execute() {
        throw new UnsupportedOperationException("'burnwatch patch' is not available in this build yet");
    }
}
