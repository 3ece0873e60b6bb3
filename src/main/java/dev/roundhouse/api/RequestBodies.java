package dev.roundhouse.api;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The CSV inside a request, shared by uploads and reconciliations: multipart part {@code file} or the raw body,
 * possibly compressed ({@code Content-Encoding: gzip} or {@code zstd}, decompressed while read), capped in size
 * and in time (a body trickled in slowly holds a slot and a producer: it gets 408 at the deadline; a body that
 * stops arriving altogether is cut by the server's idle timeout). The size limit counts the bytes on the wire
 * and, for a compressed body, the decompressed bytes too: a small bomb cannot inflate past it.
 */
public final class RequestBodies {
    private final long maxBytes;
    private final Duration maxReadTime;

    public RequestBodies(long maxBytes, Duration maxReadTime) {
        this.maxBytes = maxBytes;
        this.maxReadTime = maxReadTime;
    }

    /**
     * The CSV bytes of the request, decompressed; 413 when it is larger than allowed, 415 for a type that is not
     * CSV or an encoding other than gzip and zstd.
     */
    public InputStream csv(HttpServerExchange exchange) throws IOException {
        var encoding = ContentEncoding.of(exchange.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING));
        long declared = exchange.getRequestContentLength();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        long deadline = System.nanoTime() + maxReadTime.toNanos();
        InputStream body = new Capped(exchange.getInputStream(), deadline, true);
        if (encoding != ContentEncoding.IDENTITY) {
            body = new Capped(new DecodingInputStream(encoding, body), deadline, false);
        }
        String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        String boundary = MultipartFile.boundaryOf(type);
        if (boundary != null) {
            return MultipartFile.open(body, boundary, "file");
        }
        if (type != null && !isCsvType(type)) {
            throw new HttpError(415, "unsupported_media_type",
                    "Content-Type " + QueryParams.printable(type) + " is not accepted: send text/csv (raw body) or multipart/form-data with a 'file' part");
        }
        return body;
    }

    /** The {@code charset} parameter: null means detect from the bytes. */
    public static Charset charset(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "utf-16be", "utf16be" -> StandardCharsets.UTF_16BE;
            case "utf-16le", "utf16le" -> StandardCharsets.UTF_16LE;
            case "utf-8", "utf8" -> StandardCharsets.UTF_8;
            default -> throw HttpError.parameter("charset", "expected utf-16be, utf-16le or utf-8");
        };
    }

    /** Maps an I/O failure while reading a request body to its client error. */
    public static HttpError readFailure(IOException e) {
        if (e instanceof TooLarge) {
            return new HttpError(413, "payload_too_large", e.getMessage());
        }
        if (e instanceof TooSlow) {
            return new HttpError(408, "request_timeout", e.getMessage());
        }
        if (e instanceof DecodingInputStream.CorruptBody) {
            return new HttpError(400, "invalid_content_encoding", e.getMessage());
        }
        if (e instanceof MultipartFile.MalformedMultipartException) {
            return new HttpError(400, "invalid_multipart", e.getMessage());
        }
        return new HttpError(400, "unreadable_body", "the request body could not be read: " + e.getMessage());
    }

    private static boolean isCsvType(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        return t.startsWith("text/csv") || t.startsWith("text/plain") || t.startsWith("application/csv")
                || t.startsWith("application/octet-stream");
    }

    private TooLarge tooLarge() {
        return new TooLarge("the body exceeds the limit of " + maxBytes + " bytes (ROUNDHOUSE_MAX_UPLOAD_BYTES)");
    }

    /** The body could not be read to its end: a limit, or the connection. Not the client's data being wrong. */
    static class BodyFailure extends IOException {
        BodyFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class TooLarge extends BodyFailure {
        TooLarge(String message) {
            super(message, null);
        }
    }

    static final class TooSlow extends BodyFailure {
        TooSlow(String message) {
            super(message, null);
        }
    }

    /**
     * Fails the read once more than {@code maxBytes} came in, whatever Content-Length said, or after the
     * deadline. On the {@code wire} (the exchange's stream) every read failure is a {@link BodyFailure} and
     * closing leaves the stream open (see {@link #close}); over a decoder, failures pass as they are and closing
     * frees the decoder's native memory.
     */
    private final class Capped extends FilterInputStream {
        private long remaining = maxBytes;
        private final long deadlineNanos;
        private final boolean wire;

        Capped(InputStream in, long deadlineNanos, boolean wire) {
            super(in);
            this.deadlineNanos = deadlineNanos;
            this.wire = wire;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                // marked as the connection's, so a decoder reading through this does not blame the client's data
                throw !wire || e instanceof BodyFailure ? e : new BodyFailure(e.getMessage(), e);
            } catch (RuntimeException e) {
                // Undertow 2.3 fails a blocking read cut by the socket read timeout with an NPE, not an IOException
                throw new BodyFailure("the connection failed while reading the body (" + e.getClass().getSimpleName() + ")", e);
            }
            if (n > 0) {
                check(n);
            }
            return n;
        }

        /**
         * On the wire, leaves the exchange's stream open: closing it would read a refused body to its end, however large or
         * slow; {@link HttpApi} discards what is left within a bound, or closes the connection.
         */
        @Override
        public void close() throws IOException {
            if (!wire) {
                super.close();
            }
        }

        private void check(int n) throws IOException {
            if ((remaining -= n) < 0) {
                throw tooLarge();
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new TooSlow("the body did not arrive within " + maxReadTime.toSeconds() + " s (ROUNDHOUSE_BODY_READ_TIMEOUT_SECONDS)");
            }
        }
    }
}
