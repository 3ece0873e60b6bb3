package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roundhouse.api.Json;
import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.support.TestService;
import dev.roundhouse.support.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed uploads (corpus in src/test/resources/hostile/, the rest generated here), each with
 * its documented answer asserted exactly: a 4xx JSON error code when the body cannot be read as this CSV, or a
 * 200 whose row errors name exactly these lines and fields. Afterwards the service is healthy, no upload is
 * still running, and Kafka holds exactly the rows the 200 answers accepted. The table is in
 * src/test/resources/hostile/README.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    private static final String HEADER = RoundsGenerator.HEADER;
    private static final String USER = "872de53a900f3250ae5649ea19e5c0d1";
    private static final AtomicLong acceptedByAnswers = new AtomicLong();
    private static TestService service;

    /** The answer a case must get. */
    sealed interface Expect {}

    /** The whole body refused: this status and error code. */
    record Refused(int status, String code) implements Expect {}

    /** 200: this many rows committed, and row errors at exactly these (line, field). */
    record Rows(long accepted, List<RowAt> errors) implements Expect {}

    record RowAt(long line, String field) {
        @Override
        public String toString() {
            return line + ":" + field;
        }
    }

    record Case(String name, String query, String contentType, Supplier<byte[]> body, Expect expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start(Map.of("ROUNDHOUSE_SINK", "off"));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    static Stream<Case> cases() {
        return Stream.of(
                refused("empty body", () -> new byte[0], 400, "invalid_csv"),
                accepted("header only", () -> utf16(resource("header-only.csv")), 0),
                refused("unknown column", () -> utf16(resource("unknown-column.csv")), 400, "invalid_csv"),
                refused("duplicate column", () -> utf16(resource("duplicate-column.csv")), 400, "invalid_csv"),
                refused("missing column", () -> utf16(resource("missing-column.csv")), 400, "invalid_csv"),
                accepted("truncated UTF-16 (odd byte count)", HostileInputIT::oddByteCount, 1, at(3, "record")),
                accepted("unpaired surrogates", () -> utf16(HEADER + "\n" + row(50001, "Book \uD83C of Dead", "Play'n GO")
                        + row(50002, "Book of Dead", "Play'n \uDE00GO") + row(50003, "Slot \uD83C\uDFB0 Deluxe", "Play'n GO")),
                        1, at(2, "game_name"), at(3, "provider")),
                refused("unpaired surrogate in the header", () -> utf16(HEADER.replace("provider", "provider\uD800") + "\n"), 400, "invalid_csv"),
                new Case("UTF-8 file labelled charset=utf-16be", "?charset=utf-16be", "text/csv",
                        () -> (HEADER + "\n" + row(51001, "Book of Dead", "Play'n GO")).getBytes(StandardCharsets.UTF_8),
                        new Refused(400, "invalid_csv")),
                new Case("UTF-16BE file labelled charset=utf-8", "?charset=utf-8", "text/csv",
                        () -> utf16(HEADER + "\n" + row(51002, "Book of Dead", "Play'n GO")), new Refused(400, "invalid_csv")),
                new Case("UTF-16LE file labelled charset=utf-16be", "?charset=utf-16be", "text/csv",
                        () -> (HEADER + "\n" + row(51003, "Book of Dead", "Play'n GO")).getBytes(StandardCharsets.UTF_16LE),
                        new Refused(400, "invalid_csv")),
                new Case("UTF-8 file with Content-Type charset=utf-16 (the type's charset is not used; sniffed)", "",
                        "text/csv; charset=utf-16", () -> (HEADER + "\n" + row(51004, "Book of Dead", "Play'n GO")).getBytes(StandardCharsets.UTF_8),
                        new Rows(1, List.of())),
                accepted("NUL characters", () -> utf16(HEADER + "\n" + row(52001, "Book\u0000of Dead", "Play'n GO")
                        + row(52002, "Book of Dead", "Play'n GO").replace(",26264,", ",262\u000064,") + row(52003, "Book of Dead", "Play'n GO")),
                        1, at(2, "game_name"), at(3, "game_id")),
                accepted("unterminated quote at EOF", () -> utf16(resource("unterminated-quote.csv")), 1, at(3, "game_name")),
                accepted("50 MB single field", () -> utf16(HEADER + "\n" + row(53001, "x".repeat(25 << 20), "Play'n GO")
                        + row(53002, "Book of Dead", "Play'n GO")), 1, at(2, "game_name")),
                accepted("1 M columns on a data line", () -> utf16(HEADER + "\n" + ",".repeat(999_999) + "\n"
                        + row(54001, "Book of Dead", "Play'n GO")), 1, at(2, "record")),
                refused("1 M columns in the header", () -> utf16(HEADER + ",x".repeat(999_990) + "\n"), 400, "invalid_csv"),
                accepted("a line of 1.2 M characters (20 quoted fields of 60 000)", () -> utf16(HEADER + "\n"
                        + ("\"" + "w".repeat(60_000) + "\",").repeat(19) + "w\n" + row(55001, "Book of Dead", "Play'n GO")),
                        1, at(2, "record")),
                accepted("CR-only line ends", () -> utf16((HEADER + "\n" + row(56001, "Book of Dead", "Play'n GO")
                        + row(56002, "Book of Dead", "Play'n GO") + row(56003, "Book of Dead", "Play'n GO")).replace('\n', '\r')), 3),
                accepted("exponents, signs, leading +, thousands separators", () -> utf16(resource("number-forms.csv")), 1,
                        at(2, "real_amount_bet"), at(3, "real_amount_bet"), at(4, "bonus_amount_bet"), at(5, "real_amount_win"),
                        at(6, "game_instance_id"), at(7, "game_id"), at(8, "game_id"), at(9, "bonus_amount_win"),
                        at(10, "real_amount_bet"), at(11, "real_amount_bet")),
                accepted("amounts with 5 decimals", () -> utf16(resource("five-decimals.csv")), 1,
                        at(2, "real_amount_bet"), at(4, "bonus_amount_win")),
                accepted("2019-02-29, 24:00:00 and other impossible times", () -> utf16(resource("impossible-dates.csv")), 2,
                        at(2, "created_timestamp"), at(3, "created_timestamp"), at(5, "created_timestamp"), at(6, "created_timestamp"),
                        at(7, "created_timestamp")),
                accepted("giant integers", () -> utf16(resource("giant-integers.csv")), 3,
                        at(2, "game_instance_id"), at(4, "game_id"), at(5, "real_amount_bet"), at(8, "game_instance_id")),
                refused("binary garbage", HostileInputIT::garbage, 400, "invalid_csv"),
                refused("gzip file sent as CSV", HostileInputIT::gzippedCsv, 400, "invalid_csv"),
                new Case("wrong Content-Type application/json", "", "application/json", () -> utf16(HEADER + "\n"),
                        new Refused(415, "unsupported_media_type")),
                new Case("wrong Content-Type image/png", "", "image/png", () -> utf16(HEADER + "\n"), new Refused(415, "unsupported_media_type")),
                new Case("multipart without a 'file' part", "", "multipart/form-data; boundary=XyZ", () -> ("--XyZ\r\n"
                        + "Content-Disposition: form-data; name=\"data\"; filename=\"rounds.csv\"\r\n\r\n" + HEADER + "\r\n--XyZ--\r\n")
                        .getBytes(StandardCharsets.UTF_8), new Refused(400, "invalid_multipart")),
                new Case("multipart without a closing boundary", "", "multipart/form-data; boundary=XyZ", () -> ("--XyZ\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\"rounds.csv\"\r\n\r\n" + HEADER + "\n")
                        .getBytes(StandardCharsets.UTF_8), new Refused(400, "invalid_multipart")),
                param("SQL metacharacters in a value", "?on_error=skip%27%3B%20DROP%20TABLE%20game_data.game_rounds%3B--"),
                param("unicode in a value", "?charset=%C3%BCtf-8"),
                param("unicode parameter name", "?%F0%9F%8E%B0=1"),
                param("SQL metacharacters in a parameter name", "?on_error%27%20OR%201%3D1--=skip"),
                param("a parameter given twice", "?on_error=skip&on_error=reject"));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAsDocumented(Case c) throws Exception {
        var response = service.post("/uploads" + c.query(), c.contentType(), c.body().get());
        JsonNode body = Json.MAPPER.readTree(response.body());
        switch (c.expect()) {
            case Refused r -> {
                assertEquals(r.status(), response.statusCode(), response.body());
                assertEquals(r.code(), body.get("error").asText(), response.body());
                assertTrue(body.get("message").asText().length() > 10, response.body());
            }
            case Rows r -> {
                assertEquals(200, response.statusCode(), response.body());
                List<RowAt> errors = new ArrayList<>();
                body.get("errors").forEach(e -> errors.add(new RowAt(e.get("line").asLong(), e.get("field").asText())));
                assertEquals(r.errors(), errors, response.body());
                assertEquals(r.errors().size(), body.get("rows_rejected").asLong(), response.body());
                assertEquals(r.accepted(), body.get("rows_accepted").asLong(), response.body());
                acceptedByAnswers.addAndGet(r.accepted());
            }
        }
    }

    @Test
    @Order(2)
    void afterwardsHealthyIdleAndNothingHalfCommitted() throws Exception {
        assertEquals(200, service.get("/health").statusCode());
        assertTrue(service.get("/metrics").body().contains("roundhouse_uploads_in_progress 0\n"));
        assertTrue(!service.get("/metrics").body().contains("roundhouse_http_errors_total{status=\"500\"}"), "a 5xx was answered");
        assertEquals(acceptedByAnswers.get(), TopicReader.committedRecords(service.config()).size());
    }

    private static Case accepted(String name, Supplier<byte[]> body, long accepted, RowAt... errors) {
        return new Case(name, "", "text/csv", body, new Rows(accepted, List.of(errors)));
    }

    private static Case refused(String name, Supplier<byte[]> body, int status, String code) {
        return new Case(name, "", "text/csv", body, new Refused(status, code));
    }

    /** A bad query string on an otherwise valid upload. */
    private static Case param(String name, String query) {
        return new Case(name, query, "text/csv", () -> utf16(HEADER + "\n" + row(59000 + name.length(), "Book of Dead", "Play'n GO")),
                new Refused(400, "invalid_parameter"));
    }

    private static RowAt at(long line, String field) {
        return new RowAt(line, field);
    }

    private static String row(long id, String gameName, String provider) {
        return "2024-03-01 10:00:00," + id + "," + USER + ",26264,0.10,0,0.05,," + quoted(gameName) + "," + quoted(provider) + "\n";
    }

    private static String quoted(String s) {
        return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** UTF-16BE code unit by code unit: unpaired surrogates stay as they are (an encoder would replace them). */
    private static byte[] utf16(String s) {
        byte[] out = new byte[s.length() * 2];
        for (int i = 0; i < s.length(); i++) {
            out[2 * i] = (byte) (s.charAt(i) >> 8);
            out[2 * i + 1] = (byte) s.charAt(i);
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = HostileInputIT.class.getResourceAsStream("/hostile/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] oddByteCount() {
        byte[] whole = utf16(HEADER + "\n" + row(57001, "Book of Dead", "Play'n GO") + row(57002, "Book of Dead", "Play'n GO"));
        return Arrays.copyOf(whole, whole.length - 1);
    }

    private static byte[] garbage() {
        byte[] bytes = new byte[256 * 1024];
        new Random(20240301).nextBytes(bytes);
        return bytes;
    }

    private static byte[] gzippedCsv() {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(100).withSeed(58)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
