package dev.burnwatch.demo;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A plain JSch client, set up the way a careful operator would: key login, strict host-key checking. */
final class SshClient implements AutoCloseable {

    private final Session session;

    private SshClient(Session session) {
        this.session = session;
    }

    /** Connects trusting only the host key in {@code knownHosts}. */
    static SshClient connect(DemoHost.Info info, Path knownHosts, Path identity) throws JSchException {
        JSch jsch = new JSch();
        jsch.setKnownHosts(knownHosts.toString());
        jsch.addIdentity(identity.toString());
        Session session = jsch.getSession(info.user(), info.address(), info.port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", "publickey");
        session.setTimeout(10_000);
        session.connect(10_000);
        return new SshClient(session);
    }

    static SshClient connect(DemoHost.Info info) throws JSchException, IOException {
        Path knownHosts = Files.createTempFile("demo-known-hosts", "");
        Files.writeString(knownHosts, info.knownHostsLine() + "\n");
        return connect(info, knownHosts, info.privateKey());
    }

    record Result(int status, String stdout, String stderr) {
    }

    /** Runs a command line; waits for the channel to close (exit status known) within 30 s. */
    Result exec(String command) throws JSchException, IOException, InterruptedException {
        ChannelExec channel = (ChannelExec) session.openChannel("exec");
        channel.setCommand(command);
        channel.setInputStream(new ByteArrayInputStream(new byte[0]));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        channel.setErrStream(err);
        InputStream out = channel.getInputStream();
        channel.connect(10_000);
        byte[] stdout = out.readAllBytes();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!channel.isClosed()) {
            if (System.nanoTime() > deadline) {
                channel.disconnect();
                throw new IOException("command did not finish: " + command);
            }
            Thread.sleep(10);
        }
        int status = channel.getExitStatus();
        channel.disconnect();
        return new Result(status, new String(stdout, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; returns its stdout. */
    String run(String command) throws JSchException, IOException, InterruptedException {
        Result result = exec(command);
        if (result.status() != 0) {
            throw new AssertionError("'" + command + "' exited " + result.status() + ": " + result.stderr());
        }
        return result.stdout();
    }

    ChannelSftp sftp() throws JSchException {
        ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
        channel.connect(10_000);
        return channel;
    }

    byte[] read(String path) throws JSchException, SftpException, IOException {
        ChannelSftp sftp = sftp();
        try (InputStream in = sftp.get(path)) {
            return in.readAllBytes();
        } finally {
            sftp.disconnect();
        }
    }

    @Override
    public void close() {
        session.disconnect();
    }
}
