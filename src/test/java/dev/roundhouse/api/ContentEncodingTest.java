package dev.roundhouse.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ContentEncodingTest {
    private static final byte[] CSV = "created_timestamp,game_instance_id\n2024-03-01 10:00:00,1\n".repeat(2_000)
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void headerValues() {
        assertSame(ContentEncoding.IDENTITY, ContentEncoding.of(null));
        assertSame(ContentEncoding.IDENTITY, ContentEncoding.of(" identity "));
        assertSame(ContentEncoding.GZIP, ContentEncoding.of("GZip"));
        assertSame(ContentEncoding.GZIP, ContentEncoding.of("x-gzip"));
        assertSame(ContentEncoding.ZSTD, ContentEncoding.of("zstd"));
        for (String other : new String[] {"br", "deflate", "gzip, zstd", "zstd\u0000"}) {
            var e = assertThrows(HttpError.class, () -> ContentEncoding.of(other));
            assertEquals(415, e.status);
            assertEquals("unsupported_content_encoding", e.code);
        }
    }

    @Test
    void decodesWholeStreams() throws IOException {
        assertArrayEquals(CSV, decode(ContentEncoding.GZIP, gzip(CSV)));
        assertArrayEquals(CSV, decode(ContentEncoding.ZSTD, Zstd.compress(CSV)));
    }

    @Test
    void damagedStreamsNameTheirEncoding() {
        byte[] gz = gzip(CSV);
        byte[] zst = Zstd.compress(CSV);
        assertCorrupt(ContentEncoding.GZIP, Arrays.copyOf(gz, gz.length / 2), "Unexpected end of ZLIB input stream");
        assertCorrupt(ContentEncoding.GZIP, Arrays.copyOf(gz, gz.length - 3), "EOFException"); // the trailer cut
        assertCorrupt(ContentEncoding.GZIP, new byte[0], "EOFException");
        assertCorrupt(ContentEncoding.GZIP, CSV, "Not in GZIP format");
        assertCorrupt(ContentEncoding.ZSTD, Arrays.copyOf(zst, zst.length - 3), "");
        assertCorrupt(ContentEncoding.ZSTD, CSV, "");
    }

    @Test
    void aFailureOfTheWireIsNotBlamedOnTheData() {
        var lost = new RequestBodies.BodyFailure("connection reset", null);
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw lost;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw lost;
            }
        };
        var decoding = new DecodingInputStream(ContentEncoding.ZSTD, failing);
        assertSame(lost, assertThrows(IOException.class, () -> decoding.read(new byte[10], 0, 10)));
    }

    private static void assertCorrupt(ContentEncoding encoding, byte[] body, String detail) {
        var e = assertThrows(DecodingInputStream.CorruptBody.class, () -> decode(encoding, body));
        assertTrue(e.getMessage().startsWith("Content-Encoding " + encoding.token + ": the body is not a complete "
                + encoding.token + " stream (" + detail), e.getMessage());
    }

    private static byte[] decode(ContentEncoding encoding, byte[] body) throws IOException {
        try (var in = new DecodingInputStream(encoding, new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] bytes) {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }
}
