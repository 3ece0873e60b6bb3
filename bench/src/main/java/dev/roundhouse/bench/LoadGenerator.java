package dev.roundhouse.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * GET /aggregates latency for {@code make bench}: one client sending requests back to back, then 50 concurrent
 * clients (each on its own virtual thread; HTTP/1.1, so up to 50 connections), each phase after a warm-up.
 * The query is the file's busiest (player, day). Percentiles are exact (nearest rank over all latencies, sorted).
 * Prints one JSON object of figures on stdout.
 *
 * <p>Usage: {@code LoadGenerator <base-url> <rounds.csv> <requests per phase>}
 */
public final class LoadGenerator {
    private static final int CLIENTS = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LoadGenerator <base-url> <rounds.csv> <requests per phase>");
            System.exit(2);
        }
        var target = BusiestPlayerDay.of(Path.of(args[1]));
        int requests = Integer.parseInt(args[2]);
        var uri = URI.create(args[0] + "/aggregates?player_id=" + URLEncoder.encode(target.playerId(), StandardCharsets.UTF_8)
                + "&from=" + target.day() + "&to=" + target.day().plusDays(1));
        var request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET().build();
        try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build()) {
            int responseBytes = send(client, request).length;
            run(client, request, 1, Math.max(100, requests / 10));
            long[] single = run(client, request, 1, requests);
            run(client, request, CLIENTS, Math.max(CLIENTS * 4, requests / 10));
            long[] concurrent = run(client, request, CLIENTS, requests);
            System.out.printf(Locale.ROOT, "{\"aggregates_p50_ms\": %.3f, \"aggregates_p99_ms\": %.3f, "
                            + "\"aggregates_p50_ms_50_clients\": %.3f, \"aggregates_p99_ms_50_clients\": %.3f, "
                            + "\"aggregates_requests_per_phase\": %d, \"aggregates_player_id\": \"%s\", \"aggregates_day\": \"%s\", "
                            + "\"aggregates_player_day_rounds\": %d, \"aggregates_response_bytes\": %d}%n",
                    percentileMs(single, 0.50), percentileMs(single, 0.99),
                    percentileMs(concurrent, 0.50), percentileMs(concurrent, 0.99),
                    requests, target.playerId(), target.day(), target.rounds(), responseBytes);
        }
    }

    /** {@code total} requests spread over {@code clients} concurrent loops; every latency in nanoseconds. */
    private static long[] run(HttpClient client, HttpRequest request, int clients, int total) throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[]>> loops = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int share = total / clients + (c < total % clients ? 1 : 0);
                loops.add(threads.submit(() -> {
                    long[] latencies = new long[share];
                    for (int i = 0; i < share; i++) {
                        long t0 = System.nanoTime();
                        send(client, request);
                        latencies[i] = System.nanoTime() - t0;
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

    private static byte[] send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
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
