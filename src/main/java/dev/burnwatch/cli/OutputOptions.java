package dev.burnwatch.cli;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help}, {@code --json} and {@code --verbose}, which every command takes. */
public final class OutputOptions {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    public boolean help;

    @Option(names = "--json", description = "Print one JSON object on stdout; messages go to stderr.")
    public boolean json;

    @Option(names = "--verbose", description = "Log what happens, with details of failures (to stderr).")
    public boolean verbose;
}
