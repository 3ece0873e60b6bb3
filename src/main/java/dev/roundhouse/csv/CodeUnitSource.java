package dev.roundhouse.csv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Turns the upload's bytes into UTF-16 code units held as big-endian byte pairs ({@link Utf16Be}), in
 * bulk, through one fixed 64 KiB byte buffer: UTF-16BE is copied as is, UTF-16LE byte-swapped, UTF-8 decoded.
 * Detects the encoding (BOM, then sniffing, default UTF-16BE) unless the caller forces one; a BOM
 * of the forced encoding is still skipped. Never throws for bad input: malformed UTF-8 bytes come
 * out as lone low surrogates (U+DC80..U+DCFF) that the string validation rejects, and an odd
 * trailing byte in UTF-16 is dropped and flagged by {@link #oddTrailingByte()}.
 */
final class CodeUnitSource {
    static final int BUFFER_BYTES = 64 * 1024;

    private final InputStream in;
    private final byte[] bytes = new byte[BUFFER_BYTES];
    private final InputEncoding encoding;
    private final byte[] head;
    private int pos; // next undecoded byte
    private int lim; // end of valid bytes
    private boolean eof;
    private long bytesRead;
    private boolean oddTrailingByte;

    private CodeUnitSource(InputStream in, InputEncoding forced) throws IOException {
        this.in = in;
        fillAtLeast(512);
        head = Arrays.copyOf(bytes, Math.min(lim, 16));
        InputEncoding bom = InputEncoding.bomEncoding(bytes, lim);
        if (forced != null) {
            encoding = forced;
            if (bom == forced) pos = bom.bomLength();
        } else if (bom != null) {
            encoding = bom;
            pos = bom.bomLength();
        } else {
            encoding = InputEncoding.sniff(bytes, lim);
        }
    }

    static CodeUnitSource open(InputStream in, Charset forcedOrNull) throws IOException {
        InputEncoding forced = null;
        if (forcedOrNull != null) {
            forced = InputEncoding.of(forcedOrNull);
            if (forced == null) {
                throw new CsvFormatException("unsupported charset " + forcedOrNull.name()
                        + ": use UTF-16BE, UTF-16LE or UTF-8");
            }
        }
        return new CodeUnitSource(in, forced);
    }

    Charset charset() {
        return encoding.charset;
    }

    /** Bytes taken from the stream so far (BOM included). */
    long bytesRead() {
        return bytesRead;
    }

    /** The first (up to 16) bytes of the input, for recognising binary formats. */
    byte[] head() {
        return head;
    }

    /** True once EOF was reached in UTF-16 with one byte left over (the byte is dropped). */
    boolean oddTrailingByte() {
        return oddTrailingByte;
    }

    /**
     * Decodes up to {@code len} (even, ≥ 8) bytes of UTF-16BE code units into {@code dst[off..)}. Returns
     * how many bytes, an even number ≥ 2, or -1 at the end of the input.
     */
    int read(byte[] dst, int off, int len) throws IOException {
        for (;;) {
            int n = encoding == InputEncoding.UTF_8 ? decodeUtf8(dst, off, len) : decodeUtf16(dst, off, len);
            if (n > 0) return n;
            if (eof) {
                return finish();
            }
            compactAndFill();
        }
    }

    private int decodeUtf16(byte[] dst, int off, int len) {
        int n = Math.min(len, lim - pos) & ~1;
        if (n <= 0) return 0;
        if (encoding == InputEncoding.UTF_16BE) {
            System.arraycopy(bytes, pos, dst, off, n);
        } else {
            final byte[] b = bytes;
            for (int i = 0; i < n; i += 2) {
                dst[off + i] = b[pos + i + 1];
                dst[off + i + 1] = b[pos + i];
            }
        }
        pos += n;
        return n;
    }

    private int decodeUtf8(byte[] dst, int off, int len) {
        final byte[] b = bytes;
        int p = pos, l = lim, o = off, end = off + len - 2; // room for a surrogate pair
        while (o < end && p < l) {
            int c = b[p];
            if (c >= 0) {
                dst[o] = 0;
                dst[o + 1] = (byte) c;
                o += 2;
                p++;
                continue;
            }
            c &= 0xFF;
            int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (l - p < need && !eof) break; // wait for the rest of the sequence
            int cp = -1;
            if (c >= 0xC2 && c <= 0xDF && l - p >= 2 && cont(b[p + 1])) {
                cp = ((c & 0x1F) << 6) | (b[p + 1] & 0x3F);
            } else if (c >= 0xE0 && c <= 0xEF && l - p >= 3 && cont(b[p + 1]) && cont(b[p + 2])) {
                cp = ((c & 0x0F) << 12) | ((b[p + 1] & 0x3F) << 6) | (b[p + 2] & 0x3F);
                if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = -1;
            } else if (c >= 0xF0 && c <= 0xF4 && l - p >= 4 && cont(b[p + 1]) && cont(b[p + 2]) && cont(b[p + 3])) {
                cp = ((c & 0x07) << 18) | ((b[p + 1] & 0x3F) << 12) | ((b[p + 2] & 0x3F) << 6) | (b[p + 3] & 0x3F);
                if (cp < 0x10000 || cp > 0x10FFFF) cp = -1;
            }
            if (cp < 0) {
                Utf16Be.put(dst, o, (char) (0xDC00 | c)); // malformed: a lone surrogate flags it downstream
                o += 2;
                p++;
            } else if (cp < 0x10000) {
                Utf16Be.put(dst, o, (char) cp);
                o += 2;
                p += need;
            } else {
                Utf16Be.put(dst, o, Character.highSurrogate(cp));
                Utf16Be.put(dst, o + 2, Character.lowSurrogate(cp));
                o += 4;
                p += 4;
            }
        }
        pos = p;
        return o - off;
    }

    private static boolean cont(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private int finish() {
        if (pos < lim) { // UTF-16 with one byte left
            oddTrailingByte = true;
            pos = lim;
        }
        return -1;
    }

    private void compactAndFill() throws IOException {
        int rest = lim - pos;
        System.arraycopy(bytes, pos, bytes, 0, rest);
        pos = 0;
        lim = rest;
        fillAtLeast(rest + 1);
    }

    /** Reads until at least {@code min} bytes are buffered, the buffer is full, or EOF. */
    private void fillAtLeast(int min) throws IOException {
        min = Math.min(min, bytes.length);
        while (lim < min && !eof) {
            int n = in.read(bytes, lim, bytes.length - lim);
            if (n < 0) {
                eof = true;
            } else {
                lim += n;
                bytesRead += n;
            }
        }
    }
}
