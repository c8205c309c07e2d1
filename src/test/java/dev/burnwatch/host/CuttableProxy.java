package dev.burnwatch.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of a server, for tests that cut a connection in the
 * middle of a transfer: {@link #cutAfter} closes the connections once that many more bytes
 * went in the given direction, {@link #refuse} turns new connections away.
 */
final class CuttableProxy implements AutoCloseable {

    /** Which way bytes flow. */
    enum Direction { TO_SERVER, TO_CLIENT }

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final java.util.Set<Socket> frozen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong toServer = new AtomicLong();
    private final AtomicLong toClient = new AtomicLong();
    private volatile Direction cutDirection;
    private volatile long cutAt = Long.MAX_VALUE;
    private volatile boolean refusing;
    private volatile int cuts;

    CuttableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Cuts every open connection once {@code bytes} more bytes have gone in {@code direction} (once). */
    void cutAfter(Direction direction, long bytes) {
        cutAt = (direction == Direction.TO_SERVER ? toServer.get() : toClient.get()) + bytes;
        cutDirection = direction;
    }

    /** Turns new connections away (accepts and closes them at once), or lets them through again. */
    void refuse(boolean refuse) {
        refusing = refuse;
    }

    /** How often a connection was cut. */
    int cuts() {
        return cuts;
    }

    /**
     * Stops forwarding on every open connection while keeping its sockets open, as a network
     * that dies silently would: no FIN, no RST, just nothing. New connections work.
     */
    void freezeNow() {
        frozen.addAll(sockets);
    }

    /** Cuts every open connection now. */
    void cutNow() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
        cuts++;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, Direction.TO_SERVER, toServer);
                pump(server, client, Direction.TO_CLIENT, toClient);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket source, Socket target, Direction direction, AtomicLong counter) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            InputStream from = null;
            OutputStream to = null;
            try {
                from = source.getInputStream();
                to = target.getOutputStream();
                int n;
                while ((n = from.read(buffer)) >= 0) {
                    while (frozen.contains(source) && !source.isClosed()) {
                        Thread.sleep(50);
                    }
                    to.write(buffer, 0, n);
                    long total = counter.addAndGet(n);
                    if (cutDirection == direction && total >= cutAt) {
                        cutDirection = null;
                        cutAt = Long.MAX_VALUE;
                        cutNow();
                        return;
                    }
                }
            } catch (IOException e) {
                // one side closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(source);
                closeQuietly(target);
            }
        }, "proxy-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        frozen.clear();
        cutNow();
    }
}
