package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roundhouse.api.Json;
import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.clickhouse.ServerFeatures;
import dev.roundhouse.config.Config;
import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.Profile;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.support.FreePort;
import dev.roundhouse.support.LandedRounds;
import dev.roundhouse.support.ReferenceRounds;
import dev.roundhouse.support.ServiceProcess;
import dev.roundhouse.support.SinkGroup;
import dev.roundhouse.support.TcpProxy;
import dev.roundhouse.support.TestService;
import dev.roundhouse.support.ThrottledBody;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Three service processes on one topic, database and consumer group, differing only in ROUNDHOUSE_PORT (so in
 * their default instance ids): concurrent uploads, a cross-instance and a racing duplicate, upload status from
 * another instance, kill -9 mid-upload and mid-ingest, a SIGSTOP zombie and a rolling restart while uploads go
 * on. Afterwards every row is stored exactly once: exact counts, sums and aggregates, no (_partition, _offset)
 * and no game_instance_id twice, and every file reconciles as a match.
 */
class ReplicasIT {
    private static final Duration PATIENCE = Duration.ofSeconds(150);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The sink's consumer session timeout (Sink): a member silent for longer is fenced out of the group. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, String> env = TestService.isolatedEnvironment(Map.of(
            "ROUNDHOUSE_SINK_BATCH_ROWS", "2000", // many INSERTs per file, so kills and freezes land between and inside them
            "ROUNDHOUSE_SHUTDOWN_GRACE_SECONDS", "5"));
    private final Config config = Config.from(env);
    private final List<byte[]> files = new ArrayList<>();
    private final List<ReferenceRounds.Row> sent = new ArrayList<>();
    private static final Instant FIRST_DAY = Instant.parse("2024-01-01T00:00:00Z");
    private long nextInstanceId = 40_000_000;
    private int nextDay;

    @Test
    void threeInstancesLandEveryRowExactlyOnce() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "replicas"));
        List<Replica> replicas = List.of(new Replica(logs, 1), new Replica(logs, 2), new Replica(logs, 3));
        try (var clickhouse = ClickHouseClient.from(config);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Replica r : replicas) r.launch();
            for (Replica r : replicas) r.awaitHealthy();
            var stored = new LandedRounds(clickhouse, config.clickhouseDatabase());

            // concurrent uploads of different files, one per instance
            List<byte[]> first = List.of(file(3_000), file(3_000), file(3_000));
            List<Future<HttpResponse<String>>> posted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                posted.add(clients.submit(() -> replicas.get(n).post(first.get(n))));
            }
            List<String> uploadIds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                uploadIds.add(accepted(posted.get(i).get(), first.get(i)));
            }

            // the same file through another instance: 409 naming the first upload
            var again = replicas.get(1).post(first.get(0));
            assertEquals(409, again.statusCode(), again.body());
            assertEquals(uploadIds.get(0), Json.MAPPER.readTree(again.body()).get("upload_id").asText());

            // one new file to two instances at once: exactly one 200
            byte[] raced = file(3_000);
            var r1 = clients.submit(() -> replicas.get(0).post(raced));
            var r3 = clients.submit(() -> replicas.get(2).post(raced));
            int ok = 0;
            for (var response : List.of(r1.get(), r3.get())) {
                if (response.statusCode() == 200) {
                    ok++;
                    uploadIds.add(accepted(response, raced));
                } else {
                    assertEquals(409, response.statusCode(), response.body());
                }
            }
            assertEquals(1, ok, "exactly one of two racing uploads of one file commits");

            // status from an instance that did not take the upload: lands, with its rows counted
            JsonNode status = awaitLanded(replicas.get(2), uploadIds.get(0));
            assertEquals(3_000, status.get("rows_in_clickhouse").asLong());
            assertEquals(3_000, status.get("rows_accepted").asLong());
            var page = Json.MAPPER.readTree(replicas.get(1).get("/uploads?limit=2").body());
            assertEquals(2, page.get("items").size());
            assertEquals(2, page.get("next_offset").asInt());
            var rest = Json.MAPPER.readTree(replicas.get(1).get("/uploads?limit=100&offset=2").body());
            assertEquals(2, rest.get("items").size(), "four committed uploads in all");
            assertTrue(rest.get("next_offset").isNull());

            killNineMidUpload(replicas.get(2));
            killNineMidIngest(replicas, stored);
            if (ServerFeatures.of(clickhouse).deduplicationTokens()) {
                zombie(replicas, stored);
            } else {
                System.out.println("SIGSTOP zombie scenario skipped: this ClickHouse has no insert_deduplication_token"
                        + " (the gap docs/replicas.md states for 18.16)");
            }
            rollingRestart(replicas, clients);

            assertEquals(sent.size(), stored.awaitCount(sent.size(), PATIENCE));
            SinkIT.assertExact(stored, sent);
            assertEquals(0, stored.duplicates(), "no (_partition, _offset) stored twice");
            assertEquals(0, clickhouse.queryLong("SELECT count() - uniqExact(game_instance_id) FROM "
                    + config.clickhouseDatabase() + ".game_rounds"), "no game_instance_id stored twice");
            for (byte[] f : files) {
                assertReconciles(replicas.get(0), f);
            }
        } finally {
            for (Replica r : replicas) r.close();
        }
        System.out.printf("replicas: %d files, %d rows, all exact%n", files.size(), sent.size());
    }

    /** kill -9 of an instance while a slow upload streams into it: nothing of it is committed; its restart fences it. */
    private void killNineMidUpload(Replica victim) throws Exception {
        byte[] f = file(20_000);
        var body = new ThrottledBody(f, f.length / 4); // about four seconds
        var response = HTTP.sendAsync(HttpRequest.newBuilder(victim.uri("/uploads")).header("Content-Type", "text/csv")
                .POST(body.publisher()).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(body.awaitFraction(0.3, 30_000));
        victim.process.kill9();
        assertTrue(response.handle((r, e) -> e != null).get(), "the client of a killed instance gets no answer");
        victim.launch();
        victim.awaitHealthy();
        accepted(victim.post(f), f); // never committed, so not a duplicate
    }

    /** kill -9 of an instance while the three sinks ingest a file; it comes back and the rows land once. */
    private void killNineMidIngest(List<Replica> replicas, LandedRounds stored) throws Exception {
        long before = sent.size();
        byte[] f = file(20_000);
        accepted(replicas.get(0).post(f), f);
        awaitStored(stored, before + 2_000);
        replicas.get(1).process.kill9();
        replicas.get(1).launch();
        replicas.get(1).awaitHealthy();
    }

    /**
     * A zombie with an INSERT in flight: replica 3 reaches ClickHouse through a proxy that holds what it sends, so
     * once one of its INSERTs has started (intent committed, request on its way) it is frozen with SIGSTOP for longer
     * than the session timeout. The others take its partitions and insert its declared range again; then it is
     * thawed and its INSERT goes through, late. Its deduplication token makes ClickHouse drop it (checked at the end
     * with exact counts, sums and aggregates), and its next intent commit is refused.
     *
     * <p>It starts from rest: everything sent so far stored, and the group stable with all three members owning
     * partitions. Otherwise the rebalance that follows the previous scenario's kill -9 (once the dead member's
     * session expires) can come after the hold, and replica 3's resume query on its new partitions is held
     * instead of an INSERT.
     */
    private void zombie(List<Replica> replicas, LandedRounds stored) throws Exception {
        Replica zombie = replicas.get(2);
        assertEquals(sent.size(), stored.awaitCount(sent.size(), PATIENCE), "the earlier files land first");
        assertTrue(SinkGroup.awaitStable(config, 3, PATIENCE), "the sink group settles with three members");
        zombie.clickhouse.hold();
        byte[] f = file(20_000);
        accepted(replicas.get(0).post(f), f);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!zombie.clickhouse.holdsLineContaining("query=INSERT%20INTO%20" + config.clickhouseDatabase() + ".game_rounds")) {
            assertTrue(System.nanoTime() < deadline, "replica 3 never started an INSERT");
            Thread.sleep(10);
        }
        zombie.process.freeze();
        try {
            Thread.sleep(SESSION_TIMEOUT.plusSeconds(6).toMillis());
            awaitLog(replicas.subList(0, 2), "sink inserts the last owner's intent again");
        } finally {
            zombie.process.thaw();
            zombie.clickhouse.release();
        }
    }

    /** Waits until one of the replicas' current logs has a line containing {@code text}. */
    private static void awaitLog(List<Replica> replicas, String text) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            for (Replica r : replicas) {
                if (Files.readString(r.log).contains(text)) {
                    return;
                }
            }
            assertTrue(System.nanoTime() < deadline, "no replica logged: " + text);
            Thread.sleep(200);
        }
    }

    /** Every instance in turn: SIGTERM, start again, healthy; uploads go on to the others meanwhile. */
    private void rollingRestart(List<Replica> replicas, ExecutorService clients) throws Exception {
        var restarting = new AtomicBoolean(true);
        var down = new AtomicInteger(-1);
        Future<Integer> uploader = clients.submit(() -> {
            int done = 0;
            for (int i = 0; restarting.get() || done < 3; i++) {
                Replica target = replicas.get(Math.floorMod(i, 3));
                if (target.index == down.get()) {
                    continue;
                }
                byte[] f = file(2_000);
                HttpResponse<String> response = target.postQuietly(f);
                if (response != null && response.statusCode() == 200) {
                    accepted(response, f);
                    done++;
                } // else refused or cut off by a restart (SIGTERM lets requests in flight finish): nothing committed
            }
            return done;
        });
        for (Replica r : replicas) {
            down.set(r.index);
            assertTrue(r.process.stop(Duration.ofSeconds(30)), "instance " + r.index + " stops on SIGTERM");
            r.launch();
            r.awaitHealthy();
            down.set(-1);
        }
        restarting.set(false);
        assertTrue(uploader.get() >= 3);
    }

    /**
     * A new file of {@code rows} rows with ids no other file has, in two days of its own: a reconciliation compares
     * a file with everything ClickHouse holds in the file's hours, so files must not share hours. Independent rows:
     * their random gaps end within a few hours of the 20 h span. The session profile keeps starting sessions until
     * it has its rows, and a file of a few thousand rows ran more than a day past its span into the next file's
     * hours, whose rows its reconciliation then counted as extra.
     */
    private synchronized byte[] file(int rows) {
        byte[] f = RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(rows).withSeed(nextInstanceId)
                .withFirstInstanceId(nextInstanceId).withStart(FIRST_DAY.plus(Duration.ofDays(nextDay))).withSpanSeconds(72_000)
                .withProfile(Profile.INDEPENDENT));
        nextDay += 2;
        nextInstanceId += rows;
        return f;
    }

    /** Asserts a 200 for all of {@code f}'s rows, expects them stored, and returns the upload id. */
    private synchronized String accepted(HttpResponse<String> response, byte[] f) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        var rows = ReferenceRounds.parse(f, StandardCharsets.UTF_16BE);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertEquals(rows.size(), body.get("rows_accepted").asLong());
        sent.addAll(rows);
        files.add(f);
        return body.get("upload_id").asText();
    }

    private static void awaitStored(LandedRounds stored, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (stored.count() < atLeast) {
            assertTrue(System.nanoTime() < deadline, "ingest did not start");
            Thread.sleep(20);
        }
    }

    private static JsonNode awaitLanded(Replica r, String uploadId) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            var response = r.get("/uploads/" + uploadId);
            if (response.statusCode() == 200) {
                JsonNode status = Json.MAPPER.readTree(response.body());
                if (status.get("landed").asBoolean()) {
                    return status;
                }
            } else {
                assertEquals(404, response.statusCode(), response.body()); // not read from the ledger yet
            }
            assertTrue(System.nanoTime() < deadline, "upload " + uploadId + " never landed: " + response.body());
            Thread.sleep(100);
        }
    }

    private static void assertReconciles(Replica r, byte[] csv) throws Exception {
        var response = r.post("/reconciliations", csv);
        assertEquals(200, response.statusCode(), response.body());
        var report = Json.MAPPER.readTree(response.body());
        assertEquals("match", report.get("status").asText(), report.toString());
    }

    /**
     * One service process on its own port; relaunched on the same port, so with the same instance id. It reaches
     * ClickHouse through its own proxy, which the zombie scenario holds.
     */
    private final class Replica implements AutoCloseable {
        final int index;
        final int port;
        final Path logs;
        final TcpProxy clickhouse;
        ServiceProcess process;
        Path log;
        private int runs;

        Replica(Path logs, int index) throws IOException {
            this.logs = logs;
            this.index = index;
            this.port = FreePort.next();
            this.clickhouse = TcpProxy.start(0, config.clickhouseUrl().getPort());
        }

        void launch() throws IOException {
            Map<String, String> own = new HashMap<>(env);
            own.put("ROUNDHOUSE_PORT", String.valueOf(port));
            own.put("CLICKHOUSE_URL", "http://127.0.0.1:" + clickhouse.port());
            runs++;
            log = logs.resolve("replica-" + index + "-run-" + runs + ".log");
            process = ServiceProcess.start(own, log);
        }

        void awaitHealthy() throws InterruptedException {
            assertTrue(process.awaitHealthy(port, Duration.ofSeconds(90)), "replica " + index + " did not become healthy");
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(byte[] csv) throws IOException, InterruptedException {
            return post("/uploads", csv);
        }

        HttpResponse<String> post(String path, byte[] csv) throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(2)).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** A post that a restart may cut off: null then. */
        HttpResponse<String> postQuietly(byte[] csv) throws InterruptedException {
            try {
                return post(csv);
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public void close() throws InterruptedException, IOException {
            if (process != null) {
                process.close();
            }
            clickhouse.close();
        }
    }
}
