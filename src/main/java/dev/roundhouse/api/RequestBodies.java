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
 * capped in size and in time (a body trickled in slowly holds a slot and a producer: it gets 408 at the deadline;
 * a body that stops arriving altogether is cut by the server's idle timeout).
 */
public final class RequestBodies {
    private final long maxBytes;
    private final Duration maxReadTime;

    public RequestBodies(long maxBytes, Duration maxReadTime) {
        this.maxBytes = maxBytes;
        this.maxReadTime = maxReadTime;
    }

    /** The CSV bytes of the request; 413 when it is larger than allowed, 415 for a type that is not CSV. */
    public InputStream csv(HttpServerExchange exchange) throws IOException {
        long declared = exchange.getRequestContentLength();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        InputStream body = new Capped(exchange.getInputStream(), maxBytes, System.nanoTime() + maxReadTime.toNanos());
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

    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    static final class TooSlow extends IOException {
        TooSlow(String message) {
            super(message);
        }
    }

    /** Fails the read once more than {@code max} bytes came in, whatever Content-Length said, or after the deadline. */
    private final class Capped extends FilterInputStream {
        private long remaining;
        private final long deadlineNanos;

        Capped(InputStream in, long max, long deadlineNanos) {
            super(in);
            this.remaining = max;
            this.deadlineNanos = deadlineNanos;
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
            } catch (RuntimeException e) {
                // Undertow 2.3 fails a blocking read cut by the socket read timeout with an NPE, not an IOException
                throw new IOException("the connection failed while reading the body (" + e.getClass().getSimpleName() + ")", e);
            }
            if (n > 0) {
                check(n);
            }
            return n;
        }

        /**
         * Leaves the exchange's stream open: closing it would read a refused body to its end, however large or
         * slow; {@link HttpApi} discards what is left within a bound, or closes the connection.
         */
        @Override
        public void close() {
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
