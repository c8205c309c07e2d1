package dev.burnwatch.cli;

import picocli.CommandLine.Command;

/** Placeholder until the capability behind `burnwatch demo` lands; it refuses to pretend. */
@Command(name = "demo", description = "Not available in this build yet.")
public final class DemoCommand extends BaseCommand {

    @Override
    protected int execute() {
        throw new UnsupportedOperationException("'burnwatch demo' is not available in this build yet");
    }
}
