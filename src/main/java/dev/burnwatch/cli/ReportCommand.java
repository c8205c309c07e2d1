package dev.burnwatch.cli;

import picocli.CommandLine.Command;

/** Placeholder until the capability behind `burnwatch report` lands; it refuses to pretend. */
@Command(name = "report", description = "Not available in this build yet.")
public final class ReportCommand extends BaseCommand {

    @Override
    protected int execute() {
        throw new UnsupportedOperationException("'burnwatch report' is not available in this build yet");
    }
}
