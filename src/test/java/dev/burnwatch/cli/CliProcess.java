package dev.burnwatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code dev.burnwatch.Main} as an operator would: its own JVM, its own environment and
 * working folder, real stdout and stderr (logback's included). For what only a whole process
 * shows: {@code $HOME}, {@code DISPLAY}, the working folder, what reaches stderr.
 */
final class CliProcess {

    /** What the process printed and how it exited. */
    record Result(int exitCode, String out, String err) {
    }

    private final List<String> prefix = new ArrayList<>();
    private final Map<String, String> env;
    private Path directory;

    private CliProcess(Map<String, String> env) {
        this.env = env;
    }

    /**
     * A run with this machine's environment less the variables that change what Burnwatch
     * reads ({@code CLAUDE_CONFIG_DIR}, {@code DISPLAY}, {@code WAYLAND_DISPLAY}, the XDG dirs),
     * and with {@code BURNWATCH_HOME} set.
     */
    static CliProcess withHome(Path burnwatchHome) {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.keySet().removeIf(name -> name.equals("CLAUDE_CONFIG_DIR") || name.equals("DISPLAY")
                || name.equals("WAYLAND_DISPLAY") || name.startsWith("XDG_"));
        env.put("BURNWATCH_HOME", burnwatchHome.toString());
        return new CliProcess(env);
    }

    CliProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    CliProcess in(Path folder) {
        directory = folder;
        return this;
    }

    /** Runs the JVM through this command first (e.g. setpriv). */
    CliProcess through(String... command) {
        prefix.addAll(List.of(command));
        return this;
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                "dev.burnwatch.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("burnwatch " + String.join(" ", args) + " did not finish in 2 minutes");
        }
        return new Result(process.exitValue(), out, err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
