package dev.roundhouse.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand over one socket to 127.0.0.1, for what a well-behaved client cannot do: stall, trickle,
 * declare a length it never sends. Every read is bounded by the socket timeout.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public record Response(int status, Map<String, String> headers, String body) {}

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    public static RawHttp open(int port, Duration readTimeout) throws IOException {
        var socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) readTimeout.toMillis());
        return new RawHttp(socket);
    }

    /** Sends the request line and headers ({@code "Name: value"} each), ending the head. */
    public RawHttp head(String requestLine, String... headers) throws IOException {
        var sb = new StringBuilder(requestLine).append("\r\n").append("Host: 127.0.0.1\r\n");
        for (String h : headers) sb.append(h).append("\r\n");
        return write(sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    }

    public RawHttp write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One chunk of a chunked body (an empty one ends the body). */
    public RawHttp chunk(byte[] bytes) throws IOException {
        write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        write(bytes);
        return write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads one response (body by Content-Length, else to the end of the connection). */
    public Response response() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, String> headers = new HashMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** True when the server closes the connection (after any answer it sends) before the socket timeout. */
    public boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // an answer (e.g. 408) may come first; what matters is that the connection ends
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private String line() throws IOException {
        var buf = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new IOException("connection closed mid-response");
            if (b != '\r') buf.write(b);
        }
        return buf.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
