package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.api.Json;
import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.support.LandedRounds;
import dev.roundhouse.support.ReferenceRounds;
import dev.roundhouse.support.TestService;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Bounded soak ({@code make soak}, i.e. {@code -Dsoak=true}; {@code -Dsoak.seconds=N}, default 60): one
 * in-process service with its sink under mixed traffic — 3 uploaders posting small files in a loop, 50
 * aggregate lookup clients, a reconciliation now and then. Afterwards: no 5xx or other unexpected status,
 * ClickHouse holds exactly what was accepted (count, no offset twice, hourly aggregates equal the
 * reference), reconciliations match, and the heap after a full GC is about where it started.
 */
@EnabledIfSystemProperty(named = "soak", matches = "true")
class SoakIT {
    private static final Duration SOAK = Duration.ofSeconds(Long.getLong("soak.seconds", 60));
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final int UPLOADERS = 3;
    private static final int LOOKUP_CLIENTS = 50;
    private static final int ROWS_PER_FILE = 2_000;
    /** Count bounds besides the time bound: files in all, lookups per client. */
    private static final int MAX_FILES = 2_000;
    private static final int MAX_LOOKUPS_PER_CLIENT = 50_000;
    private static final long PAUSE_BETWEEN_UPLOADS_MS = 250;
    /**
     * Each file has its own two hours, so a reconciliation of one file sees exactly that file's rows: the
     * generator's span is a mean (exponential gaps), 3,000 s of it never reaches the next slot.
     */
    private static final Instant FIRST_SLOT = Instant.parse("2024-06-01T00:00:00Z");
    private static final long SLOT_SECONDS = 7_200;
    private static final long SPAN_SECONDS = 3_000;
    private static final long MAX_HEAP_GROWTH = 64L << 20;
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private final AtomicInteger files = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rowsAccepted = new AtomicLong();
    private final AtomicLong reconciliations = new AtomicLong();
    private final Map<String, AtomicLong> unexpected = new ConcurrentHashMap<>();
    private final Map<ReferenceRounds.Group, ReferenceRounds.Totals> expected = new ConcurrentHashMap<>();
    private final List<String> players = new CopyOnWriteArrayList<>();
    private final List<byte[]> lastFiles = new CopyOnWriteArrayList<>();
    private final int[][] latencyMicros = new int[LOOKUP_CLIENTS][MAX_LOOKUPS_PER_CLIENT];
    private final int[] lookups = new int[LOOKUP_CLIENTS];

    @Test
    void mixedTrafficLosesNothingAndKeepsMemoryFlat() throws Exception {
        try (var service = TestService.start(Map.of());
             var clickhouse = ClickHouseClient.from(service.config())) {
            var stored = new LandedRounds(clickhouse, service.config().clickhouseDatabase());
            traffic(service, WARM_UP); // producers, caches and JIT settle before the baseline
            assertEquals(rowsAccepted.get(), stored.awaitCount(rowsAccepted.get(), PATIENCE));
            long heapBefore = heapAfterFullGc();

            traffic(service, SOAK);
            assertEquals(rowsAccepted.get(), stored.awaitCount(rowsAccepted.get(), PATIENCE));
            long heapAfter = heapAfterFullGc();

            long allLookups = Arrays.stream(lookups).asLongStream().sum();
            System.out.printf("soak %d s (+%d s warm-up): %d requests, %d uploads, %d rows, %d lookups (p99 %.1f ms, p50 %.1f ms), "
                            + "%d reconciliations, heap after full GC %d MB -> %d MB, unexpected %s%n",
                    SOAK.toSeconds(), WARM_UP.toSeconds(), requests.get(), files.get(), rowsAccepted.get(), allLookups,
                    percentileMicros(0.99) / 1000.0, percentileMicros(0.50) / 1000.0, reconciliations.get(),
                    heapBefore >> 20, heapAfter >> 20, unexpected);
            assertEquals(Map.of(), Map.copyOf(unexpected), "statuses other than the expected ones");
            // the service's own count agrees: no 5xx answered to anyone
            assertEquals(List.of(), service.get("/metrics").body().lines()
                    .filter(l -> l.matches("roundhouse_http_errors_total\\{status=\"5\\d\\d\"} [1-9].*")).toList());
            assertEquals(0, stored.duplicates());
            SinkIT.assertExact(stored, new TreeMap<>(expected));
            for (byte[] csv : lastFiles) {
                SinkIT.assertReconciles(service, csv);
            }
            assertTrue(heapAfter - heapBefore < MAX_HEAP_GROWTH,
                    "heap grew from " + (heapBefore >> 20) + " MB to " + (heapAfter >> 20) + " MB");
        }
    }

    /** Uploaders and lookup clients for {@code duration}, all on virtual threads; returns when all have stopped. */
    private void traffic(TestService service, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = 0; u < UPLOADERS; u++) {
                int uploader = u;
                var _ = threads.submit(() -> upload(service, uploader, end)); // failures are counted, not thrown
            }
            for (int c = 0; c < LOOKUP_CLIENTS; c++) {
                int client = c;
                var _ = threads.submit(() -> lookUp(service, client, end));
            }
        }
    }

    private Void upload(TestService service, int uploader, long end) throws Exception {
        byte[] previous = null;
        for (int round = 0; System.nanoTime() < end; round++) {
            int index = files.getAndIncrement();
            if (index >= MAX_FILES) {
                break;
            }
            byte[] csv = file(index);
            var rows = ReferenceRounds.parse(csv, StandardCharsets.UTF_16BE);
            var response = service.post("/uploads", "text/csv", csv);
            if (expect(response, "POST /uploads", 200)) {
                rowsAccepted.addAndGet(Json.MAPPER.readTree(response.body()).get("rows_accepted").asLong());
                ReferenceRounds.hourly(rows).forEach((group, totals) -> expected.merge(group, totals, ReferenceRounds.Totals::plus));
                if (players.size() < 100) {
                    players.add(rows.getFirst().userId());
                }
                previous = csv;
            }
            if (uploader == 0 && round % 10 == 9 && previous != null) {
                // the file may not have landed yet: only the answer's status is checked here
                expect(service.post("/reconciliations", "text/csv", previous), "POST /reconciliations", 200);
                reconciliations.incrementAndGet();
            }
            Thread.sleep(PAUSE_BETWEEN_UPLOADS_MS);
        }
        if (previous != null) {
            lastFiles.add(previous);
        }
        return null;
    }

    private Void lookUp(TestService service, int client, long end) throws Exception {
        var random = new SplittableRandom(client);
        while (System.nanoTime() < end && lookups[client] < MAX_LOOKUPS_PER_CLIENT) {
            String query = switch (random.nextInt(3)) {
                case 0 -> "/aggregates?limit=100&totals=true";
                case 1 -> players.isEmpty() ? "/aggregates?limit=10"
                        : "/aggregates?totals=true&player_id=" + players.get(random.nextInt(players.size()));
                default -> "/aggregates?limit=50&offset=" + random.nextInt(200);
            };
            long t0 = System.nanoTime();
            var response = service.get(query);
            latencyMicros[client][lookups[client]++] = (int) ((System.nanoTime() - t0) / 1000);
            expect(response, "GET /aggregates", 200);
        }
        return null;
    }

    private boolean expect(HttpResponse<String> response, String what, int status) {
        requests.incrementAndGet();
        if (response.statusCode() == status) {
            return true;
        }
        unexpected.computeIfAbsent(what + " " + response.statusCode() + " " + response.body(), k -> new AtomicLong()).incrementAndGet();
        return false;
    }

    /** File {@code index}: its own seed, id range and time slot. */
    private static byte[] file(int index) {
        return RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(ROWS_PER_FILE).withSeed(10_000 + index)
                .withFirstInstanceId(1_000_000L + (long) index * ROWS_PER_FILE)
                .withStart(FIRST_SLOT.plusSeconds(SLOT_SECONDS * index)).withSpanSeconds(SPAN_SECONDS).withUsers(10).withGames(5));
    }

    /** Exact percentile of all recorded lookup latencies. */
    private long percentileMicros(double p) {
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < LOOKUP_CLIENTS; c++) {
            for (int i = 0; i < lookups[c]; i++) {
                all.add(latencyMicros[c][i]);
            }
        }
        if (all.isEmpty()) {
            return 0;
        }
        all.sort(null);
        return all.get((int) Math.ceil(p * all.size()) - 1);
    }

    private static long heapAfterFullGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
