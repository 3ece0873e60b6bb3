package dev.roundhouse.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * A loopback TCP relay to {@code 127.0.0.1:targetPort}: closing it is the target vanishing for whoever
 * talks through it (the listener and every open connection go), while the real target keeps running.
 * {@link #hold()} stops forwarding towards the target (a request stays in flight) until {@link #release()}.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Non-null while holding: each connection forwards its next bytes towards the target only once it opens. */
    private volatile CountDownLatch held;
    /** The first line of each chunk held since {@link #hold()}: for HTTP, a held request's request line. */
    private final Queue<String> heldLines = new ConcurrentLinkedQueue<>();

    private TcpProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
        Thread.ofVirtual().name("tcp-proxy-" + server.getLocalPort()).start(this::acceptLoop);
    }

    /** Listens on 127.0.0.1:{@code port} ({@code 0}: any free port). */
    public static TcpProxy start(int port, int targetPort) throws IOException {
        return new TcpProxy(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()), targetPort);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(target);
                Thread.ofVirtual().start(() -> pumpToTarget(client, target));
                Thread.ofVirtual().start(() -> pump(target, client));
            } catch (IOException e) {
                // closed, or the target refused: the client's connection simply ends
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Like {@link #pump}, waiting while held; notes the first line of what each held connection could not forward. */
    private void pumpToTarget(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                CountDownLatch gate = held;
                if (gate != null) {
                    heldLines.add(firstLine(buffer, n));
                    gate.await();
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static String firstLine(byte[] chunk, int length) {
        int end = 0;
        while (end < Math.min(length, 8192) && chunk[end] != '\r' && chunk[end] != '\n') {
            end++;
        }
        return new String(chunk, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** From now on nothing more reaches the target until {@link #release()}; requests already sent are unaffected. */
    public void hold() {
        heldLines.clear();
        held = new CountDownLatch(1);
    }

    /**
     * Whether a chunk held since {@link #hold()} began with a line containing {@code text}: an HTTP request held
     * whole or in part, however its client split headers and body into writes.
     */
    public boolean holdsLineContaining(String text) {
        return heldLines.stream().anyMatch(line -> line.contains(text));
    }

    /** Forwards what was held and everything after it. */
    public void release() {
        CountDownLatch gate = held;
        held = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        release();
        server.close();
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }
}
