package dev.roundhouse.csv;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The three encodings an upload may use, and how the first bytes decide between them. */
enum InputEncoding {
    UTF_16BE(StandardCharsets.UTF_16BE),
    UTF_16LE(StandardCharsets.UTF_16LE),
    UTF_8(StandardCharsets.UTF_8);

    final Charset charset;

    InputEncoding(Charset charset) {
        this.charset = charset;
    }

    /** The encoding for a caller-forced charset, or null when it is none of the three. */
    static InputEncoding of(Charset cs) {
        for (InputEncoding e : values()) {
            if (e.charset.equals(cs)) return e;
        }
        return null;
    }

    /** The encoding whose byte order mark starts {@code b[0..n)}, or null when there is none. */
    static InputEncoding bomEncoding(byte[] b, int n) {
        if (n >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) return UTF_8;
        if (n >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) return UTF_16BE;
        if (n >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) return UTF_16LE;
        return null;
    }

    int bomLength() {
        return this == UTF_8 ? 3 : 2;
    }

    /**
     * Guess without a BOM from the first bytes: the header is ASCII, so UTF-16 shows a zero byte in
     * every code unit. Zeros mostly at even offsets (00 xx) mean big-endian, mostly at odd offsets
     * (xx 00) little-endian; no zero byte at all means UTF-8; anything else defaults to UTF-16BE.
     */
    static InputEncoding sniff(byte[] b, int n) {
        int m = Math.min(n, 512) & ~1;
        int evenZeros = 0, oddZeros = 0;
        for (int i = 0; i < m; i += 2) {
            if (b[i] == 0) evenZeros++;
            if (b[i + 1] == 0) oddZeros++;
        }
        if (m < n && b[m] == 0) evenZeros++; // odd-length tiny input
        if (evenZeros == 0 && oddZeros == 0) return UTF_8;
        if (oddZeros > evenZeros) return UTF_16LE;
        return UTF_16BE;
    }
}
