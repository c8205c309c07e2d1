package dev.burnwatch.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec request on the demo host: a real {@code bash -c COMMAND} in the sandbox's home
 * folder with the environment of a daemon host (HOME, USER, a PATH with the sandbox's
 * commands first), whatever the client asked for. Stdin, stdout and stderr are streamed;
 * the exit status is bash's. Closing the channel ends the command and what it started.
 */
final class SandboxCommand implements Command {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxCommand.class);

    private final String command;
    private final Path home;
    private final Map<String, String> environment;
    private final Set<Process> running;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Process process;

    SandboxCommand(String command, Path home, Map<String, String> environment, Set<Process> running) {
        this.command = command;
        this.home = home;
        this.environment = environment;
        this.running = running;
    }

    @Override
    public void setInputStream(InputStream value) {
        in = value;
    }

    @Override
    public void setOutputStream(OutputStream value) {
        out = value;
    }

    @Override
    public void setErrorStream(OutputStream value) {
        err = value;
    }

    @Override
    public void setExitCallback(ExitCallback value) {
        exit = value;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(home.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        process = builder.start();
        running.add(process);
        LOG.debug("exec on the demo host: {}", command);
        CompletableFuture<Void> stdout = copy(process.getInputStream(), out, "stdout");
        CompletableFuture<Void> stderr = copy(process.getErrorStream(), err, "stderr");
        Thread stdin = new Thread(this::feedStdin, "demo-exec-stdin");
        stdin.setDaemon(true);
        stdin.start();
        process.onExit().thenCombine(CompletableFuture.allOf(stdout, stderr), (ended, copied) -> ended)
                .whenComplete((ended, failure) -> {
                    running.remove(process);
                    exit.onExit(process.exitValue());
                });
    }

    private CompletableFuture<Void> copy(InputStream from, OutputStream to, String name) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (from) {
                int read;
                while ((read = from.read(buffer)) >= 0) {
                    to.write(buffer, 0, read);
                    to.flush();
                }
            } catch (IOException e) {
                LOG.debug("demo exec {} ended early: {}", name, e.toString());
            } finally {
                done.complete(null);
            }
        }, "demo-exec-" + name);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    private void feedStdin() {
        byte[] buffer = new byte[8192];
        try (OutputStream target = process.getOutputStream()) {
            int read;
            while (process.isAlive() && (read = in.read(buffer)) >= 0) {
                target.write(buffer, 0, read);
                target.flush();
            }
        } catch (IOException e) {
            LOG.debug("demo exec stdin ended: {}", e.toString());
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
