package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.Zstd;
import dev.roundhouse.api.Json;
import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.support.TestService;
import dev.roundhouse.support.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Content-Encoding: gzip | zstd} on POST /uploads and POST /reconciliations, through the real Kafka and
 * registry: a compressed file is the same file as its raw bytes (409), lands exactly, and a corrupt, truncated or
 * inflating body is refused with nothing committed.
 */
class CompressedUploadIT {
    /** 4 MiB: the 3,000-row files (~0.85 MB of UTF-16) fit, the bomb's 42 MB do not, its gzip (~1.4 MB) would. */
    private static final int LIMIT = 4 << 20;
    private static final int ROWS = 3_000;
    private static TestService service;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start(Map.of("ROUNDHOUSE_SINK", "off", "ROUNDHOUSE_MAX_UPLOAD_BYTES", String.valueOf(LIMIT)));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @Test
    void rawThenGzipThenZstdOfOneFileIsOneUpload() throws Exception {
        byte[] csv = file(600_000);
        long before = committed();
        var raw = send("/uploads", csv, null);
        assertEquals(200, raw.statusCode(), raw.body());
        JsonNode first = Json.MAPPER.readTree(raw.body());
        assertEquals(sha256(csv), first.get("sha256").asText());
        for (var again : List.of(send("/uploads", gzip(csv), "gzip"), send("/uploads", Zstd.compress(csv), "zstd"))) {
            assertEquals(409, again.statusCode(), again.body());
            JsonNode duplicate = Json.MAPPER.readTree(again.body());
            assertEquals("duplicate_upload", duplicate.get("error").asText());
            assertEquals(first.get("upload_id").asText(), duplicate.get("upload_id").asText());
        }
        assertEquals(before + ROWS, committedAtLeast(before + ROWS));
    }

    @Test
    void compressedBodiesLandExactly_rawMultipartOrZstd() throws Exception {
        byte[] zstdFile = file(700_000);
        byte[] multipartFile = file(800_000);
        long before = committed();

        var zstd = send("/uploads", Zstd.compress(zstdFile), "zstd");
        assertEquals(200, zstd.statusCode(), zstd.body());
        assertAccepted(zstd, zstdFile);

        byte[] form = multipart(multipartFile);
        var request = HttpRequest.newBuilder(service.uri("/uploads")).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "multipart/form-data; boundary=b0und4ry").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(form))).build();
        var multipart = service.send(request);
        assertEquals(200, multipart.statusCode(), multipart.body());
        assertAccepted(multipart, multipartFile);

        assertEquals(before + 2 * ROWS, committedAtLeast(before + 2 * ROWS));
    }

    @Test
    void corruptOrTruncatedStreamsAre400NamingTheEncoding_nothingCommitted() throws Exception {
        byte[] csv = file(900_000);
        byte[] gz = gzip(csv);
        byte[] zst = Zstd.compress(csv);
        long before = committed();
        assertCorrupt(send("/uploads", flip(gz, 0), "gzip"), "gzip");              // not the gzip magic
        assertCorrupt(send("/uploads", flip(gz, gz.length - 6), "gzip"), "gzip");  // CRC-32 of the trailer: read to the end first
        assertCorrupt(send("/uploads", Arrays.copyOf(gz, gz.length / 2), "gzip"), "gzip");
        assertCorrupt(send("/uploads", new byte[0], "gzip"), "gzip");
        assertCorrupt(send("/uploads", flip(zst, 0), "zstd"), "zstd");
        assertCorrupt(send("/uploads", Arrays.copyOf(zst, zst.length / 2), "zstd"), "zstd");
        assertCorrupt(send("/reconciliations", Arrays.copyOf(zst, zst.length / 2), "zstd"), "zstd");
        assertEquals(before, committed());
        assertEquals(200, service.get("/health").statusCode());
        // the refusals released everything: the same file, whole, is accepted
        assertEquals(200, send("/uploads", gz, "gzip").statusCode());
        assertEquals(before + ROWS, committedAtLeast(before + ROWS));
    }

    @Test
    void aDecompressionBombStopsAtTheLimitOnDecompressedBytes() throws Exception {
        var rows = new StringBuilder(RoundsGenerator.HEADER).append('\n');
        for (long id = 5_000_000; rows.length() < 10 * LIMIT; id++) {
            rows.append("2024-03-01 10:00:00,").append(id).append(",aa11,26264,0.10,0,0.05,0,Book of Dead,Play'n GO\n");
        }
        byte[] bomb = gzip(rows.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(bomb.length < LIMIT / 2, "compressed " + bomb.length + " bytes: under the limit on the wire");
        long before = committed();
        var response = send("/uploads?charset=utf-8", bomb, "gzip");
        assertError(response, 413, "payload_too_large");
        assertEquals(before, committed());
    }

    @Test
    void anUnknownEncodingIs415NamingIt() throws Exception {
        var response = send("/uploads", file(1_000_000), "br");
        assertError(response, 415, "unsupported_content_encoding");
        assertTrue(response.body().contains("Content-Encoding br"), response.body());
        assertError(send("/reconciliations", file(1_000_000), "gzip, zstd"), 415, "unsupported_content_encoding");
    }

    @Test
    void reconciliationsReadCompressedBodies() throws Exception {
        byte[] csv = file(1_100_000);
        for (var response : List.of(send("/reconciliations", gzip(csv), "gzip"), send("/reconciliations", Zstd.compress(csv), "zstd"))) {
            assertEquals(200, response.statusCode(), response.body());
            JsonNode report = Json.MAPPER.readTree(response.body());
            assertEquals(ROWS, report.get("csv").get("rows_read").asLong());
            assertEquals(ROWS, report.get("csv").get("rows_accepted").asLong());
            assertEquals(ROWS, report.get("rows").get("missing_in_clickhouse").get("count").asLong()); // never uploaded
        }
    }

    private static byte[] file(long firstId) {
        return RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(ROWS).withSeed(firstId).withFirstInstanceId(firstId));
    }

    private static HttpResponse<String> send(String path, byte[] body, String encoding) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(service.uri(path)).timeout(Duration.ofMinutes(2)).header("Content-Type", "text/csv");
        if (encoding != null) request.header("Content-Encoding", encoding);
        return service.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static long committed() {
        return TopicReader.committedRecords(service.config()).size();
    }

    /**
     * The committed count once it reaches {@code expected} (or after 30 s): the 200 answers when the transaction
     * is committed, the markers that make its records readable reach the partitions a moment later. A count past
     * {@code expected} means a refused upload was committed too, which the exact assertion then reports.
     */
    private static long committedAtLeast(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long count = committed();
        while (count < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            count = committed();
        }
        return count;
    }

    private static void assertAccepted(HttpResponse<String> response, byte[] csv) throws Exception {
        JsonNode summary = Json.MAPPER.readTree(response.body());
        assertEquals(ROWS, summary.get("rows_accepted").asLong());
        assertEquals(sha256(csv), summary.get("sha256").asText(), "the digest is of the decompressed CSV");
    }

    private static void assertCorrupt(HttpResponse<String> response, String encoding) throws Exception {
        assertError(response, 400, "invalid_content_encoding");
        assertTrue(response.body().contains("Content-Encoding " + encoding + ": the body is not a complete " + encoding + " stream"),
                response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, Json.MAPPER.readTree(response.body()).get("error").asText());
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= (byte) 0xFF;
        return copy;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] multipart(byte[] csv) throws IOException {
        var out = new ByteArrayOutputStream();
        out.write("--b0und4ry\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rounds.csv\"\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write("Content-Type: text/csv\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(csv);
        out.write("\r\n--b0und4ry--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
