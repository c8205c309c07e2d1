package dev.burnwatch.cli;

import picocli.CommandLine.Option;

/** {@code --json} and {@code --verbose}, which every command takes. */
public final class OutputOptions {

    @Option(names = "--json", description = "Print one JSON object on stdout; messages go to stderr.")
    public boolean json;

    @Option(names = "--verbose", description = "Log what happens (to stderr).")
    public boolean verbose;
}
