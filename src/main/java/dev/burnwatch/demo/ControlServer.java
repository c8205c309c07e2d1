package dev.burnwatch.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the demo host's {@code systemctl} and {@code journalctl} reach the service manager:
 * a socket on 127.0.0.1 that takes one command line and answers it. Its port and a random
 * token sit in {@code run/control} (mode 600); a request without the token is refused, so
 * other local users cannot drive the demo's unit.
 *
 * <p>A request is one line of tab-separated fields: token, {@code root} or {@code user},
 * the command name, its arguments. The answer is lines {@code 1 text} (stdout),
 * {@code 2 text} (stderr) and {@code x N} (the exit status).
 */
final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final int MAX_REQUEST = 64 * 1024;

    private final Systemctl systemctl;
    private final Journalctl journalctl;
    private final String token;
    private final ServerSocket socket;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "demo-control");
        thread.setDaemon(true);
        return thread;
    });

    ControlServer(Systemctl systemctl, Journalctl journalctl, Path controlFile) throws IOException {
        this.systemctl = systemctl;
        this.journalctl = journalctl;
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        this.token = HexFormat.of().formatHex(secret);
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        SandboxFiles.writePrivate(controlFile, (socket.getLocalPort() + " " + token + "\n")
                .getBytes(StandardCharsets.US_ASCII), "rw-------");
        Thread acceptor = new Thread(this::acceptLoop, "demo-control-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                workers.execute(() -> serve(client));
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                LOG.warn("The demo service manager could not take a request: {}", e.toString());
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(10_000);
            String request = readLine(client);
            Reply reply = answer(request);
            OutputStream out = client.getOutputStream();
            out.write(reply.encode().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            LOG.debug("a demo control request failed: {}", e.toString());
        }
    }

    private static String readLine(Socket client) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8));
        char[] buffer = new char[MAX_REQUEST];
        int length = 0;
        int next;
        while ((next = reader.read()) >= 0 && next != '\n') {
            if (length == buffer.length) {
                throw new IOException("request too long");
            }
            buffer[length++] = (char) next;
        }
        return new String(buffer, 0, length);
    }

    private Reply answer(String request) {
        String[] fields = request.split("\t", -1);
        if (fields.length < 3 || !MessageDigest.isEqual(fields[0].getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            return new Reply().err((fields.length > 2 ? fields[2] : "demo") + ": not allowed").status(1);
        }
        boolean root = fields[1].equals("root");
        List<String> args = Arrays.asList(fields).subList(3, fields.length);
        try {
            switch (fields[2]) {
                case "systemctl":
                    return systemctl.run(args, root);
                case "journalctl":
                    return journalctl.run(args);
                default:
                    return new Reply().err(fields[2] + ": not a command of the demo host").status(127);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("The demo host's {} failed", fields[2], e);
            return new Reply().err(fields[2] + ": " + e.getMessage()).status(1);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the control socket: {}", e.toString());
        }
        workers.shutdownNow();
    }
}
