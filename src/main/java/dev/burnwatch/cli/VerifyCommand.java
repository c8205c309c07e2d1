package dev.burnwatch.cli;

import picocli.CommandLine.Command;

/** Placeholder until the capability behind `burnwatch verify` lands; it refuses to pretend. */
@Command(name = "verify", description = "Not available in this build yet.")
public final class VerifyCommand extends BaseCommand {

    @Override
    protected int execute() {
        throw new UnsupportedOperationException("'burnwatch verify' is not available in this build yet");
    }
}
