package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.api.Json;
import dev.roundhouse.avro.GameRoundDecoder;
import dev.roundhouse.avro.SchemaRegistryClient;
import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.config.Config;
import dev.roundhouse.model.GameRound;
import dev.roundhouse.support.FreePort;
import dev.roundhouse.support.LandedRounds;
import dev.roundhouse.support.PrivateKafka;
import dev.roundhouse.support.ReferenceRounds;
import dev.roundhouse.support.ServiceProcess;
import dev.roundhouse.support.TcpProxy;
import dev.roundhouse.support.TestService;
import dev.roundhouse.support.ThrottledBody;
import dev.roundhouse.support.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults while uploading, each followed by the exact check the service promises: the file's rows are
 * committed in Kafka exactly once, land in ClickHouse exactly once, and a reconciliation of the file says
 * {@code match}. Only processes started here are killed (a service child, a private Kafka broker).
 */
class UploadFaultsIT {
    private static final int BIG_ROWS = 150_000;
    /** Slow enough that a fault lands mid-body (the big file takes ~8 s), fast enough to keep the test short. */
    private static final long BYTES_PER_SECOND = 5_000_000;
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Config SHARED = Config.from(Map.of());
    private static Path logs;

    @BeforeAll
    static void logs() throws Exception {
        logs = Files.createDirectories(Path.of("target", "upload-faults"));
    }

    @Test
    void serviceKilledMidUploadThenRetryCommitsOnce() throws Exception {
        int port = FreePort.next();
        Map<String, String> env = TestService.isolatedEnvironment(Map.of("ROUNDHOUSE_SINK", "off", "ROUNDHOUSE_PORT", String.valueOf(port)));
        var config = Config.from(env);
        byte[] csv = SinkIT.file(BIG_ROWS, 41, 3_000_000);
        try (var child = ServiceProcess.start(env, freshLog("killed-mid-upload.log"))) {
            assertTrue(child.awaitHealthy(port, PATIENCE), "the service child did not start");
            var body = new ThrottledBody(csv, BYTES_PER_SECOND);
            var pending = HTTP.sendAsync(upload(URI.create("http://127.0.0.1:" + port + "/uploads"), body.publisher()),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(body.awaitFraction(0.4, PATIENCE.toMillis()), "the upload never got going");
            child.kill9();
            System.out.printf("service kill -9 at %d of %d body bytes%n", body.sent(), csv.length);
            assertFalse(answered(pending), "a killed service cannot have answered");
        }
        assertEquals(0, TopicReader.committedRecords(config).size(), "the crashed upload left nothing visible");

        try (var child = ServiceProcess.start(env, freshLog("retried.log"))) {
            assertTrue(child.awaitHealthy(port, PATIENCE), "the restarted service child did not start");
            var retry = HTTP.send(upload(URI.create("http://127.0.0.1:" + port + "/uploads"), HttpRequest.BodyPublishers.ofByteArray(csv)),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, retry.statusCode(), "not 409: the crashed upload never committed; " + retry.body());
            assertEquals(BIG_ROWS, Json.MAPPER.readTree(retry.body()).get("rows_accepted").asLong());
        }
        assertCommittedOnce(config, SchemaRegistryClient.from(config), csv);

        Map<String, String> sinkEnv = new HashMap<>(env);
        sinkEnv.put("ROUNDHOUSE_SINK", "on");
        sinkEnv.put("ROUNDHOUSE_PORT", "0");
        try (var sink = TestService.startWith(sinkEnv)) {
            assertStoredExactlyAndMatches(sink, csv);
        }
    }

    @Test
    void kafkaBrokerKilledAndRestartedMidUploadIsAllOrNothing() throws Exception {
        byte[] csv = SinkIT.file(BIG_ROWS, 42, 4_000_000);
        try (var kafka = PrivateKafka.start(Path.of("target", "upload-faults-kafka"));
             var service = TestService.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()))) {
            var body = new ThrottledBody(csv, BYTES_PER_SECOND);
            var pending = HTTP.sendAsync(upload(service.uri("/uploads"), body.publisher()), HttpResponse.BodyHandlers.ofString());
            assertTrue(body.awaitFraction(0.4, PATIENCE.toMillis()), "the upload never got going");
            kafka.kill9();
            long killedAt = body.sent();
            Thread.sleep(3_000);
            kafka.startAgain();
            var first = pending.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            System.out.printf("Kafka kill -9 at %d of %d body bytes, 3 s down: the upload answered %d %s%n",
                    killedAt, csv.length, first.statusCode(), first.body().substring(0, Math.min(300, first.body().length())));
            if (first.statusCode() != 200) {
                assertEquals(503, first.statusCode(), first.body());
                assertEquals("kafka_unavailable", Json.MAPPER.readTree(first.body()).get("error").asText());
                assertEquals(0, TopicReader.committedRecords(service.config()).size(), "a failed upload is invisible");
                var retry = service.post("/uploads", "text/csv", csv);
                for (int attempt = 1; retry.statusCode() == 503 && attempt <= 5; attempt++) {
                    Thread.sleep(2_000); // the restarted broker may still be loading its transaction state
                    retry = service.post("/uploads", "text/csv", csv);
                }
                assertEquals(200, retry.statusCode(), retry.body());
            }
            assertCommittedOnce(service.config(), SchemaRegistryClient.from(service.config()), csv);
            assertStoredExactlyAndMatches(service, csv);
        }
    }

    @Test
    void registryDownAtStartIsRetriedThenGivenUpClearly() throws Exception {
        int registryPort = FreePort.next();
        String deadRegistry = "http://127.0.0.1:" + registryPort + "/apis/ccompat/v7";
        int port = FreePort.next();
        Path waited = freshLog("registry-late.log");
        try (var child = ServiceProcess.start(TestService.isolatedEnvironment(Map.of("ROUNDHOUSE_SINK", "off",
                "ROUNDHOUSE_PORT", String.valueOf(port), "SCHEMA_REGISTRY_URL", deadRegistry)), waited)) {
            awaitLog(waited, "schema registry at " + deadRegistry + " unreachable");
            assertTrue(child.isAlive(), "still waiting for the registry");
            try (var registry = TcpProxy.start(registryPort, SHARED.schemaRegistryUrl().getPort())) {
                assertTrue(child.awaitHealthy(port, PATIENCE), "the service started once the registry answered");
                var response = HTTP.send(upload(URI.create("http://127.0.0.1:" + port + "/uploads"),
                        HttpRequest.BodyPublishers.ofByteArray(SinkIT.file(1_000, 43, 6_000_000))), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
            }
        }

        Path gaveUp = freshLog("registry-never.log");
        try (var child = ServiceProcess.start(TestService.isolatedEnvironment(Map.of("ROUNDHOUSE_SINK", "off",
                "ROUNDHOUSE_PORT", String.valueOf(port), "SCHEMA_REGISTRY_URL", deadRegistry,
                "ROUNDHOUSE_START_PATIENCE_SECONDS", "5")), gaveUp)) {
            assertEquals(OptionalInt.of(1), child.awaitExit(PATIENCE), "exits non-zero once its patience is spent");
        }
        String log = Files.readString(gaveUp);
        assertTrue(log.contains("roundhouse: failed to start: gave up after 5 s (ROUNDHOUSE_START_PATIENCE_SECONDS): schema registry at "
                + deadRegistry + " unreachable"), log);
        assertTrue(log.contains("retrying"), log);
    }

    @Test
    void registryDownAfterStartCachedSchemaKeepsUploadsAndIngestWorking() throws Exception {
        byte[] csv = SinkIT.file(20_000, 44, 7_000_000);
        var registry = TcpProxy.start(0, SHARED.schemaRegistryUrl().getPort());
        try (registry; var service = TestService.start(Map.of("SCHEMA_REGISTRY_URL", "http://127.0.0.1:" + registry.port() + "/apis/ccompat/v7"))) {
            registry.close(); // the registry vanishes for this service, open connections included
            var health = service.get("/health");
            assertEquals(503, health.statusCode(), "health reports the registry: " + health.body());
            var response = service.post("/uploads", "text/csv", csv);
            assertEquals(200, response.statusCode(), response.body());
            // decoded with a client that reaches the registry directly: the ids the service wrote are real
            assertCommittedOnce(service.config(), SchemaRegistryClient.from(SHARED), csv);
            assertStoredExactlyAndMatches(service, csv);
        }
    }

    private static HttpRequest upload(URI uri, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(uri).timeout(PATIENCE).header("Content-Type", "text/csv").POST(body).build();
    }

    /** Whether the request got an HTTP answer (after waiting for it to end one way or the other). */
    private static boolean answered(CompletableFuture<HttpResponse<String>> pending) throws Exception {
        try {
            pending.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** read_committed holds exactly the file's rows: as many, each game_instance_id once, the same ids. */
    private static void assertCommittedOnce(Config config, SchemaRegistryClient registry, byte[] csv) throws Exception {
        var decoder = new GameRoundDecoder(registry);
        Set<Long> ids = new HashSet<>();
        var records = TopicReader.committedRecords(config);
        for (var record : records) {
            GameRound round = decoder.decode(record.value());
            ids.add(round.gameInstanceId);
        }
        var expected = ReferenceRounds.parse(csv, StandardCharsets.UTF_16BE);
        assertEquals(expected.size(), records.size(), "committed records");
        assertEquals(expected.stream().map(ReferenceRounds.Row::gameInstanceId).collect(Collectors.toSet()), ids,
                "every row once, no duplicates");
    }

    /** The sink of {@code service} lands the file exactly (rows, sums, aggregates, no offset twice) and reconciliation says match. */
    private static void assertStoredExactlyAndMatches(TestService service, byte[] csv) throws Exception {
        var expected = ReferenceRounds.parse(csv, StandardCharsets.UTF_16BE);
        try (var clickhouse = ClickHouseClient.from(service.config())) {
            var stored = new LandedRounds(clickhouse, service.config().clickhouseDatabase());
            assertEquals(expected.size(), stored.awaitCount(expected.size(), PATIENCE));
            assertEquals(0, stored.duplicates());
            SinkIT.assertExact(stored, expected);
        }
        SinkIT.assertReconciles(service, csv);
    }

    private static Path freshLog(String name) throws Exception {
        Path log = logs.resolve(name);
        Files.deleteIfExists(log);
        return log;
    }

    private static void awaitLog(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains(text))) {
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' in " + log);
            Thread.sleep(200);
        }
    }
}
