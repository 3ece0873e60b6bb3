package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roundhouse.api.Json;
import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.support.RawHttp;
import dev.roundhouse.support.TestService;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys, the upload size cap, the concurrency bound, body read deadline and idle timeout, and /metrics. */
class SecurityLimitsIT {
    private static final String KEY = "k-2f0c1e9a";
    private static final String OTHER_KEY = "a-much-longer-second-key-0123456789";
    private static final int MAX_BYTES = 1 << 20;
    private static TestService service;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start(Map.of(
                "ROUNDHOUSE_SINK", "off",
                "ROUNDHOUSE_API_KEYS", KEY + ", " + OTHER_KEY,
                "ROUNDHOUSE_MAX_UPLOAD_BYTES", String.valueOf(MAX_BYTES),
                "ROUNDHOUSE_MAX_CONCURRENT_UPLOADS", "1",
                "ROUNDHOUSE_BODY_READ_TIMEOUT_SECONDS", "3",
                "ROUNDHOUSE_IDLE_TIMEOUT_SECONDS", "4"));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @Test
    void everyEndpointButHealthNeedsAKnownBearerKey() throws Exception {
        assertEquals(200, service.get("/health").statusCode());
        assertUnauthorized(service.get("/metrics"), "Bearer realm=\"roundhouse\"");
        assertUnauthorized(service.get("/no-such-route"), "Bearer realm=\"roundhouse\"");
        assertUnauthorized(service.post("/uploads", "text/csv", csv(5, 1)), "Bearer realm=\"roundhouse\"");
        for (String wrong : new String[] {"Bearer nope", "Bearer " + KEY + "x", "Bearer " + KEY.substring(1), "bearer " + KEY.toUpperCase(Locale.ROOT)}) {
            assertUnauthorized(send(request("/metrics").header("Authorization", wrong).GET()), "Bearer realm=\"roundhouse\", error=\"invalid_token\"");
        }
        assertUnauthorized(send(request("/metrics").header("Authorization", "Basic " + KEY).GET()), "Bearer realm=\"roundhouse\"");
        assertEquals(200, send(authorized("/metrics", KEY).GET()).statusCode());
        assertEquals(200, send(authorized("/metrics", OTHER_KEY).GET()).statusCode());
        assertEquals(404, send(authorized("/no-such-route", KEY).GET()).statusCode());
        var upload = send(authorized("/uploads", OTHER_KEY).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv(5, 2))));
        assertEquals(200, upload.statusCode(), upload.body());
    }

    @Test
    void bodiesOverTheCapAre413WhetherDeclaredOrStreamed() throws Exception {
        try (var raw = RawHttp.open(service.port(), Duration.ofSeconds(20))) {
            raw.head("POST /uploads HTTP/1.1", "Authorization: Bearer " + KEY, "Content-Type: text/csv",
                    "Content-Length: " + (MAX_BYTES + 1));
            assertError(raw.response(), 413, "payload_too_large");
        }
        byte[] big = RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(8_000).withSeed(3));
        assertTrue(big.length > MAX_BYTES && big.length < 4 * MAX_BYTES, "size " + big.length);
        // streamed without a length (chunked): the cap trips while reading
        var streamed = send(authorized("/uploads", KEY).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        assertError(streamed, 413, "payload_too_large");
        assertEquals(200, send(authorized("/uploads", KEY).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv(3, 3)))).statusCode());
    }

    @Test
    void oneUploadTooManyIs429WithRetryAfterAndTheSlotComesBack() throws Exception {
        try (var held = RawHttp.open(service.port(), Duration.ofSeconds(20))) {
            held.head("POST /uploads HTTP/1.1", "Authorization: Bearer " + KEY, "Content-Type: text/csv", "Content-Length: 100000");
            held.write((RoundsGenerator.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            awaitUploadsInProgress(1);
            var refused = send(authorized("/uploads", KEY).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(csv(3, 4))));
            assertError(refused, 429, "too_many_requests");
            assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));
        }
        awaitUploadsInProgress(0);
        var accepted = send(authorized("/uploads", KEY).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv(3, 4))));
        assertEquals(200, accepted.statusCode(), accepted.body());
    }

    @Test
    void aTrickledBodyGets408AtTheReadDeadline() throws Exception {
        try (var raw = RawHttp.open(service.port(), Duration.ofSeconds(20))) {
            raw.head("POST /uploads HTTP/1.1", "Authorization: Bearer " + KEY, "Content-Type: text/csv", "Content-Length: 100000");
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 40; i++) { // 20 s at most; the deadline is 3 s
                        raw.write(new byte[] {'x'});
                        Thread.sleep(500);
                    }
                } catch (Exception e) {
                    // the server answered and closed: expected
                }
            });
            assertError(raw.response(), 408, "request_timeout");
            trickle.interrupt();
        }
        awaitUploadsInProgress(0);
    }

    @Test
    void aStalledBodyIsCutByTheIdleTimeout() throws Exception {
        try (var raw = RawHttp.open(service.port(), Duration.ofSeconds(20))) {
            raw.head("POST /uploads HTTP/1.1", "Authorization: Bearer " + KEY, "Content-Type: text/csv", "Content-Length: 100000");
            raw.write((RoundsGenerator.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            // whichever fires first, the body deadline (408, then close) or the idle timeout (close): it never hangs
            assertTrue(raw.closedByServer(), "the server should end a stalled upload");
        }
        awaitUploadsInProgress(0);
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        send(authorized("/uploads", KEY).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv(4, 5))));
        var response = send(authorized("/metrics", KEY).GET());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String text = response.body();
        for (String expected : new String[] {
            "# TYPE roundhouse_http_requests_total counter",
            "# TYPE roundhouse_http_request_duration_seconds histogram",
            "roundhouse_http_request_duration_seconds_bucket{route=\"/uploads\",method=\"POST\",status=\"200\",le=\"+Inf\"}",
            "roundhouse_http_errors_total{status=\"401\"}",
            "roundhouse_uploads_total{outcome=\"committed\"}",
            "roundhouse_upload_rows_total{result=\"accepted\"}",
            "# TYPE roundhouse_upload_bytes_total counter",
            "# TYPE roundhouse_uploads_in_progress gauge"}) {
            assertTrue(text.contains(expected), "missing " + expected + " in\n" + text);
        }
        for (String line : text.lines().toList()) {
            assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE ")
                    || line.matches("[a-z_]+(\\{([a-z_]+=\"[^\"]*\",?)+})? [0-9.eE+-]+|[a-z_]+(\\{.*})? (NaN|\\+Inf)"), "bad line: " + line);
        }
    }

    private static byte[] csv(int rows, long seed) {
        return RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(rows).withSeed(seed)
                .withFirstInstanceId(1_000_000 * seed));
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(service.uri(path)).timeout(Duration.ofSeconds(60));
    }

    private static HttpRequest.Builder authorized(String path, String key) {
        return request(path).header("Authorization", "Bearer " + key);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return service.send(request.build());
    }

    /** Waits (10 s at most) until the gauge of running uploads reads {@code n}. */
    private static void awaitUploadsInProgress(int n) throws Exception {
        String want = "roundhouse_uploads_in_progress " + n + "\n";
        String text = "";
        for (int i = 0; i < 100 && !text.contains(want); i++) {
            if (i > 0) Thread.sleep(100);
            text = send(authorized("/metrics", KEY).GET()).body();
        }
        assertTrue(text.contains(want), "expected " + want + " in\n" + text);
    }

    private static void assertUnauthorized(HttpResponse<String> response, String challenge) throws Exception {
        assertError(response, 401, "unauthorized");
        assertEquals(challenge, response.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(!response.body().contains(KEY) && !response.body().contains(OTHER_KEY));
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertEquals(code, body.get("error").asText(), response.body());
        assertTrue(body.hasNonNull("message"));
    }

    private static void assertError(RawHttp.Response response, int status, String code) throws Exception {
        assertEquals(status, response.status(), response.body());
        assertEquals(code, Json.MAPPER.readTree(response.body()).get("error").asText(), response.body());
    }
}
