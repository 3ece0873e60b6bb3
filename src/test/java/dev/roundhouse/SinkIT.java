package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.api.Json;
import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.config.Config;
import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.support.LandedRounds;
import dev.roundhouse.support.ReferenceRounds;
import dev.roundhouse.support.TestService;
import dev.roundhouse.support.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Uploads through the real stack land in ClickHouse exactly once: rows, sums and hourly aggregates. */
class SinkIT {
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static ClickHouseClient clickhouse;

    @BeforeAll
    static void connect() {
        clickhouse = ClickHouseClient.from(Config.from(Map.of()));
    }

    @AfterAll
    static void disconnect() {
        clickhouse.close();
    }

    @Test
    void uploadsLandExactlyOnceThroughDeadLettersAndRestarts() throws Exception {
        Map<String, String> env = TestService.isolatedEnvironment(Map.of());
        List<ReferenceRounds.Row> sent = new ArrayList<>();
        var service = TestService.startWith(env);
        try {
            var stored = new LandedRounds(clickhouse, service.config().clickhouseDatabase());
            sent.addAll(upload(service, 50_000, 1, 20_000));
            assertEquals(sent.size(), stored.awaitCount(sent.size(), PATIENCE));
            assertExact(stored, sent);
            stored.optimizeAggregates();
            assertExact(stored, sent);

            produceGarbage(service);
            sent.addAll(upload(service, 20_000, 2, 100_000)); // lands although the garbage came first
            assertEquals(sent.size(), stored.awaitCount(sent.size(), PATIENCE));
            assertExact(stored, sent);
            var dead = TopicReader.committedRecords(service.config(), service.config().deadLetterTopic());
            assertEquals(1, dead.size());
            assertTrue(header(dead.getFirst(), "error").contains("magic byte"), header(dead.getFirst(), "error"));
            assertEquals("garbage-test", header(dead.getFirst(), "upload_id"));
            assertEquals(service.config().topic(), header(dead.getFirst(), "original_topic"));
            assertEquals(1, service.app().sink().orElseThrow().metrics().deadLettered());
        } finally {
            service.close();
        }

        service = TestService.startWith(env); // same topic, database and group: resumes from ClickHouse
        try {
            var stored = new LandedRounds(clickhouse, service.config().clickhouseDatabase());
            Thread.sleep(3_000);
            assertEquals(sent.size(), stored.count(), "nothing inserted twice after a restart");
            sent.addAll(upload(service, 10_000, 3, 200_000));
            assertEquals(sent.size(), stored.awaitCount(sent.size(), PATIENCE));
            assertExact(stored, sent);
            assertEquals(1, TopicReader.committedRecords(service.config(), service.config().deadLetterTopic()).size(),
                    "the dead letter is not sent again: later rows of its partition moved the resume point past it");
        } finally {
            service.close();
        }
    }

    /** Not a timed assertion: prints how fast the sink drains a committed upload, for the report. */
    @Test
    void drainRate() throws Exception {
        try (var service = TestService.start(Map.of())) {
            var stored = new LandedRounds(clickhouse, service.config().clickhouseDatabase());
            int rows = 200_000;
            byte[] csv = RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(rows).withSeed(7).withFirstInstanceId(20_000));
            long t0 = System.nanoTime();
            var response = service.post("/uploads", "text/csv", csv);
            long uploaded = System.nanoTime();
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(rows, stored.awaitCount(rows, PATIENCE));
            long landed = System.nanoTime();
            var metrics = service.app().sink().orElseThrow().metrics();
            System.out.printf("sink drain: %d rows, upload %d ms, in ClickHouse %d ms after the upload returned (%.0f rows/s), %d inserts, last insert %d ms%n",
                    rows, (uploaded - t0) / 1_000_000, (landed - uploaded) / 1_000_000, rows / ((landed - uploaded) / 1e9),
                    metrics.inserts(), metrics.lastInsertLatencyMillis());
            assertExact(stored, ReferenceRounds.parse(csv, StandardCharsets.UTF_16BE));
            var health = service.get("/health");
            assertEquals(200, health.statusCode(), health.body());
            assertEquals("ok", Json.MAPPER.readTree(health.body()).get("sink").asText(), "the in-process sink is part of /health");
        }
    }

    static List<ReferenceRounds.Row> upload(TestService service, int rows, long seed, long firstInstanceId) throws Exception {
        return upload(service, file(rows, seed, firstInstanceId));
    }

    /** A generated file (UTF-16BE with BOM, the default six weeks) with {@code rows} rows from id {@code firstInstanceId}. */
    static byte[] file(int rows, long seed, long firstInstanceId) {
        return RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(rows).withSeed(seed).withFirstInstanceId(firstInstanceId));
    }

    /** Posts {@code csv} (retrying a 503 a few times) and returns its rows as the reference reads them. */
    static List<ReferenceRounds.Row> upload(TestService service, byte[] csv) throws Exception {
        var expected = ReferenceRounds.parse(csv, StandardCharsets.UTF_16BE); // before posting: callers watch the ingest start
        var response = service.post("/uploads", "text/csv", csv);
        // 503 = nothing committed, retry (as the API says). Until transactional ids are unique per service,
        // another test JVM on the shared Kafka can fence this one's producer mid-upload.
        for (int attempt = 1; response.statusCode() == 503 && attempt <= 3; attempt++) {
            Thread.sleep(500);
            response = service.post("/uploads", "text/csv", csv);
        }
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(expected.size(), Json.MAPPER.readTree(response.body()).get("rows_accepted").asLong());
        return expected;
    }

    /** game_rounds' count and sums and both aggregate tables equal what the CSVs say, exactly. */
    static void assertExact(LandedRounds stored, List<ReferenceRounds.Row> sent) {
        assertExact(stored, ReferenceRounds.hourly(sent));
    }

    /** The same, against expected hourly groups (e.g. accumulated over many files). */
    static void assertExact(LandedRounds stored, Map<ReferenceRounds.Group, ReferenceRounds.Totals> hourly) {
        assertEquals(LandedRounds.overall(hourly), stored.totals());
        assertEquals(hourly, stored.hourly("hourly_by_player"));
        assertEquals(hourly, stored.hourly("hourly_by_game"));
    }

    /** POST /reconciliations of {@code csv} says {@code match}, every row of the file compared. */
    static void assertReconciles(TestService service, byte[] csv) throws Exception {
        var response = service.post("/reconciliations", "text/csv", csv);
        assertEquals(200, response.statusCode(), response.body());
        var report = Json.MAPPER.readTree(response.body());
        assertEquals("match", report.get("status").asText(), report.toString());
        assertEquals(report.get("csv").get("rows_accepted").asLong(), report.get("rows").get("compared").asLong());
    }

    private static void produceGarbage(TestService service) throws Exception {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, service.config().kafkaBootstrapServers());
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            var record = new ProducerRecord<byte[], byte[]>(service.config().topic(), "k".getBytes(StandardCharsets.UTF_8),
                    "this is not avro".getBytes(StandardCharsets.UTF_8));
            record.headers().add("upload_id", "garbage-test".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
