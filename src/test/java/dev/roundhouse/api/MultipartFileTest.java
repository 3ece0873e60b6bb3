package dev.roundhouse.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultipartFileTest {
    private static final String BOUNDARY = "----rh7MA4YWxkTrZu0gW";

    @Test
    void extractsTheFilePartExactlyWhateverTheReadSizes() throws IOException {
        var random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            byte[] content = new byte[random.nextInt(0, 200_000)];
            random.nextBytes(content);
            // Bytes that look like the start of a delimiter must pass through untouched.
            if (content.length > 20) {
                System.arraycopy("\r\n--".getBytes(StandardCharsets.ISO_8859_1), 0, content, 10, 4);
            }
            byte[] body = body(content);
            int maxChunk = 1 + random.nextInt(9000);
            try (InputStream part = MultipartFile.open(new Chunked(body, maxChunk, random), BOUNDARY, "file")) {
                assertArrayEquals(content, part.readAllBytes(), "round " + round);
            }
        }
    }

    @Test
    void missingFilePartIsAnError() {
        byte[] body = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        var e = assertThrows(MultipartFile.MalformedMultipartException.class,
                () -> MultipartFile.open(new ByteArrayInputStream(body), BOUNDARY, "file"));
        assertEquals("multipart body has no part named 'file'", e.getMessage());
    }

    @Test
    void truncatedBodyIsAnError() throws IOException {
        byte[] full = body("abc".getBytes(StandardCharsets.US_ASCII));
        byte[] cut = Arrays.copyOf(full, full.length - 20);
        try (InputStream part = MultipartFile.open(new ByteArrayInputStream(cut), BOUNDARY, "file")) {
            assertThrows(MultipartFile.MalformedMultipartException.class, part::readAllBytes);
        }
    }

    @Test
    void boundaryFromContentType() {
        assertEquals("abc", MultipartFile.boundaryOf("multipart/form-data; boundary=abc"));
        assertEquals("a b", MultipartFile.boundaryOf("multipart/form-data; charset=utf-8; boundary=\"a b\""));
        assertNull(MultipartFile.boundaryOf("text/csv"));
        assertNull(MultipartFile.boundaryOf(null));
    }

    private static byte[] body(byte[] content) throws IOException {
        var out = new ByteArrayOutputStream();
        out.write(("preamble\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rounds.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(content);
        out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** Hands out the bytes in random small chunks, like a network stream. */
    private static final class Chunked extends FilterInputStream {
        private final int maxChunk;
        private final SplittableRandom random;

        Chunked(byte[] bytes, int maxChunk, SplittableRandom random) {
            super(new ByteArrayInputStream(bytes));
            this.maxChunk = maxChunk;
            this.random = random;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + random.nextInt(maxChunk)));
        }
    }
}
