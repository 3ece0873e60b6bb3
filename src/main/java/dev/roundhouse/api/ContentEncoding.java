package dev.roundhouse.api;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The request's {@code Content-Encoding}: the body is decompressed while it is read, so the CSV is never held
 * whole. The generated 2.1 M-row UTF-16 file, 463 MB, is 24 MB as {@code gzip -6} and 29 MB as {@code zstd -3}
 * (78 and 66 MB with independent rows): 37 s over 100 Mbit/s become 2–6 s (docs/uploads.md).
 */
enum ContentEncoding {
    IDENTITY("identity"),
    GZIP("gzip"),
    ZSTD("zstd");

    /** Inflater input buffer: 64 KiB instead of GZIPInputStream's 512 bytes, a read call per 64 KiB of wire. */
    private static final int GZIP_BUFFER = 1 << 16;

    final String token;

    ContentEncoding(String token) {
        this.token = token;
    }

    /** The encoding a header names; absent is identity; anything else (a list too) is 415 naming it. */
    static ContentEncoding of(String header) {
        if (header == null || header.isBlank()) {
            return IDENTITY;
        }
        return switch (header.strip().toLowerCase(Locale.ROOT)) {
            case "identity" -> IDENTITY;
            case "gzip", "x-gzip" -> GZIP;
            case "zstd" -> ZSTD;
            default -> throw new HttpError(415, "unsupported_content_encoding", "Content-Encoding "
                    + QueryParams.printable(header) + " is not accepted: send gzip, zstd or no Content-Encoding");
        };
    }

    /** A stream of the decompressed bytes of {@code compressed}; closing it frees the decoder's native memory. */
    InputStream decoder(InputStream compressed) throws IOException {
        return switch (this) {
            case IDENTITY -> compressed;
            case GZIP -> new GZIPInputStream(compressed, GZIP_BUFFER);
            case ZSTD -> new ZstdInputStreamNoFinalizer(compressed);
        };
    }
}
