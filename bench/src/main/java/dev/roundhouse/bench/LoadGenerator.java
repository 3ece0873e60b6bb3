package dev.roundhouse.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * GET /aggregates latency for {@code make bench}: one client sending requests back to back, then 50 concurrent
 * clients, each phase after a warm-up of as many requests. The query is the file's busiest (player, day). Percentiles are exact
 * (nearest rank over all latencies, sorted). Prints one JSON object of figures on stdout.
 *
 * <p>Each client is a virtual thread with its own keep-alive HTTP/1.1 connection speaking the protocol over a
 * plain socket (like wrk): the JDK's HttpClient funnels every connection through one selector thread, and on a
 * 2-core machine shared with the service that thread's queueing, not the service, dominated the 50-client p99.
 * Every response is checked: status 200 and a body of the first response's length.
 *
 * <p>Usage: {@code LoadGenerator <base-url> <rounds.csv> <requests per phase>}
 */
public final class LoadGenerator {
    private static final int CLIENTS = 50;
    private static final int TIMEOUT_MILLIS = 10_000;

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LoadGenerator <base-url> <rounds.csv> <requests per phase>");
            System.exit(2);
        }
        var target = BusiestPlayerDay.of(Path.of(args[1]));
        int requests = Integer.parseInt(args[2]);
        var base = URI.create(args[0]);
        var address = new InetSocketAddress(base.getHost(), base.getPort());
        String path = "/aggregates?player_id=" + URLEncoder.encode(target.playerId(), StandardCharsets.UTF_8)
                + "&from=" + target.day() + "&to=" + target.day().plusDays(1);
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAccept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        int responseBytes;
        try (var connection = new Connection(address, request, -1)) {
            responseBytes = connection.send();
        }
        run(address, request, responseBytes, 1, requests);
        long[] single = run(address, request, responseBytes, 1, requests);
        run(address, request, responseBytes, CLIENTS, Math.max(CLIENTS * 4, requests));
        long[] concurrent = run(address, request, responseBytes, CLIENTS, requests);
        System.out.printf(Locale.ROOT, "{\"aggregates_p50_ms\": %.3f, \"aggregates_p99_ms\": %.3f, "
                        + "\"aggregates_p50_ms_50_clients\": %.3f, \"aggregates_p99_ms_50_clients\": %.3f, "
                        + "\"aggregates_requests_per_phase\": %d, \"aggregates_player_id\": \"%s\", \"aggregates_day\": \"%s\", "
                        + "\"aggregates_player_day_rounds\": %d, \"aggregates_response_bytes\": %d}%n",
                percentileMs(single, 0.50), percentileMs(single, 0.99),
                percentileMs(concurrent, 0.50), percentileMs(concurrent, 0.99),
                requests, target.playerId(), target.day(), target.rounds(), responseBytes);
    }

    /** {@code total} requests spread over {@code clients} concurrent connections; every latency in nanoseconds. */
    private static long[] run(InetSocketAddress address, byte[] request, int responseBytes, int clients, int total) throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[]>> loops = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int share = total / clients + (c < total % clients ? 1 : 0);
                loops.add(threads.submit(() -> {
                    long[] latencies = new long[share];
                    try (var connection = new Connection(address, request, responseBytes)) {
                        for (int i = 0; i < share; i++) {
                            long t0 = System.nanoTime();
                            connection.send();
                            latencies[i] = System.nanoTime() - t0;
                        }
                    }
                    return latencies;
                }));
            }
            long[] all = new long[total];
            int at = 0;
            for (var loop : loops) {
                long[] part = loop.get();
                System.arraycopy(part, 0, all, at, part.length);
                at += part.length;
            }
            return all;
        }
    }

    /** One keep-alive HTTP/1.1 connection sending the same GET; reads each answer whole (Content-Length bodies). */
    private static final class Connection implements AutoCloseable {
        private final Socket socket = new Socket();
        private final OutputStream out;
        private final InputStream in;
        private final byte[] request;
        private final int expectedBodyBytes;
        private final byte[] body;

        Connection(InetSocketAddress address, byte[] request, int expectedBodyBytes) throws IOException {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.connect(address, TIMEOUT_MILLIS);
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            this.request = request;
            this.expectedBodyBytes = expectedBodyBytes;
            this.body = new byte[Math.max(expectedBodyBytes, 0)];
        }

        /** Sends the request and reads the whole answer; returns the body's length. */
        int send() throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            long length = -1;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon > 0 && header.regionMatches(true, 0, "Content-Length", 0, colon)) {
                    length = Long.parseLong(header.substring(colon + 1).strip());
                }
            }
            if (length < 0) {
                throw new IOException("answer without Content-Length: " + status);
            }
            byte[] target = length == body.length ? body : new byte[Math.toIntExact(length)];
            in.readNBytes(target, 0, target.length);
            if (!status.startsWith("HTTP/1.1 200 ")) {
                throw new IOException("answered " + status + ": " + new String(target, StandardCharsets.UTF_8));
            }
            if (expectedBodyBytes >= 0 && length != expectedBodyBytes) {
                throw new IOException("answer of " + length + " bytes, the first one had " + expectedBodyBytes);
            }
            return target.length;
        }

        private String line() throws IOException {
            var text = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed mid-answer");
                }
                if (b != '\r') {
                    text.append((char) b);
                }
            }
            return text.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Nearest-rank percentile: the smallest latency with at least {@code p} of all latencies at or below it. */
    private static double percentileMs(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(rank, 1) - 1] / 1e6;
    }

    private LoadGenerator() {}
}
