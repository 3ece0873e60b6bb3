package dev.roundhouse.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Encodes values in ClickHouse's RowBinary format (little endian, strings as LEB128 length + UTF-8)
 * into a growable byte buffer. Built by {@link ClickHouseClient#insert} for streaming, it hands full
 * chunks to the request body as it goes; built with {@link #RowBinaryWriter()} it simply buffers.
 * Columns must be written in exactly the order named in the INSERT. Not thread safe.
 */
public final class RowBinaryWriter {
    private byte[] buf;
    private int size;
    private final OutputStream sink;

    /** A buffering writer: read the result with {@link #toByteArray()} or pass it to {@link ClickHouseClient#insert(String, String, RowBinaryWriter)}. */
    public RowBinaryWriter() {
        this(null, 64 * 1024);
    }

    /** A writer that passes every full chunk of {@code chunkSize} bytes to {@code sink}. */
    RowBinaryWriter(OutputStream sink, int chunkSize) {
        this.sink = sink;
        this.buf = new byte[chunkSize];
    }

    private void ensure(int n) {
        if (size + n <= buf.length) return;
        if (sink != null && size > 0) {
            flush();
            if (n <= buf.length) return;
        }
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }

    /** Hands buffered bytes to the sink (streaming writers only). */
    void flush() {
        if (sink == null || size == 0) return;
        try {
            sink.write(buf, 0, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        size = 0;
    }

    public RowBinaryWriter writeUInt8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public RowBinaryWriter writeInt8(int v) {
        return writeUInt8(v);
    }

    public RowBinaryWriter writeBoolean(boolean v) {
        return writeUInt8(v ? 1 : 0);
    }

    public RowBinaryWriter writeUInt16(int v) {
        ensure(2);
        buf[size] = (byte) v;
        buf[size + 1] = (byte) (v >>> 8);
        size += 2;
        return this;
    }

    public RowBinaryWriter writeInt16(int v) {
        return writeUInt16(v);
    }

    public RowBinaryWriter writeInt32(int v) {
        ensure(4);
        int p = size;
        buf[p] = (byte) v;
        buf[p + 1] = (byte) (v >>> 8);
        buf[p + 2] = (byte) (v >>> 16);
        buf[p + 3] = (byte) (v >>> 24);
        size = p + 4;
        return this;
    }

    /** UInt32 from the low 32 bits of {@code v} (0 … 4294967295). */
    public RowBinaryWriter writeUInt32(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) throw new IllegalArgumentException("UInt32 out of range: " + v);
        return writeInt32((int) v);
    }

    public RowBinaryWriter writeInt64(long v) {
        ensure(8);
        int p = size;
        for (int i = 0; i < 8; i++) {
            buf[p + i] = (byte) (v >>> (8 * i));
        }
        size = p + 8;
        return this;
    }

    /** UInt64 with the same 64 bits as {@code v} (values above Long.MAX_VALUE are negative longs). */
    public RowBinaryWriter writeUInt64(long v) {
        return writeInt64(v);
    }

    public RowBinaryWriter writeFloat64(double v) {
        return writeInt64(Double.doubleToRawLongBits(v));
    }

    /** Unsigned LEB128, as used for string lengths. */
    public RowBinaryWriter writeVarUInt(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    /** String: LEB128 byte length, then UTF-8, encoded straight into the buffer. Null is not allowed. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): see the ASCII branch
    public RowBinaryWriter writeString(String s) {
        int n = s.length();
        long lengthAndFlag = utf8Length(s);
        int bytes = (int) lengthAndFlag;
        writeVarUInt(bytes);
        if (lengthAndFlag >= 0) { // ASCII only
            ensure(n);
            s.getBytes(0, n, buf, size); // deprecated but exact for ASCII, and copy-free
            size += n;
            return this;
        }
        ensure(bytes);
        int p = size;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[p++] = (byte) c;
            } else if (c < 0x800) {
                buf[p++] = (byte) (0xC0 | (c >> 6));
                buf[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[p++] = (byte) (0xF0 | (cp >> 18));
                buf[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                buf[p++] = (byte) '?'; // lone surrogate: same replacement as String.getBytes(UTF_8)
            } else {
                buf[p++] = (byte) (0xE0 | (c >> 12));
                buf[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        size = p;
        return this;
    }

    /** Raw bytes of a String column (already UTF-8 or binary). */
    public RowBinaryWriter writeString(byte[] b, int off, int len) {
        writeVarUInt(len);
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** Bytes {@code [from, to)} of another writer, copied as they are (whole rows already encoded there). */
    public RowBinaryWriter writeRaw(RowBinaryWriter other, int from, int to) {
        ensure(to - from);
        System.arraycopy(other.buf, from, buf, size, to - from);
        size += to - from;
        return this;
    }

    /** UTF-8 byte length in the low 32 bits; negative when any char is not ASCII. */
    static long utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        long nonAscii = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                nonAscii = Long.MIN_VALUE;
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // 4 bytes for 2 chars
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    bytes += 2;
                }
            }
        }
        return nonAscii | bytes;
    }

    /** DateTime: seconds since the epoch as UInt32 (1970 … 2106). */
    public RowBinaryWriter writeDateTime(long epochSeconds) {
        if (epochSeconds < 0 || epochSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("DateTime out of range (1970-01-01 … 2106-02-07): " + epochSeconds + " s");
        }
        return writeInt32((int) epochSeconds);
    }

    /** Date: days since the epoch as UInt16. */
    public RowBinaryWriter writeDate(int epochDays) {
        if (epochDays < 0 || epochDays > 0xFFFF) throw new IllegalArgumentException("Date out of range: " + epochDays);
        return writeUInt16(epochDays);
    }

    /** Decimal64 (Decimal(10..18, s)): the unscaled value, e.g. 12.5 at scale 4 is 125000. */
    public RowBinaryWriter writeDecimal64(long unscaled) {
        return writeInt64(unscaled);
    }

    /** Decimal128 (Decimal(19..38, s)): the unscaled value as 16 little-endian bytes, two's complement. */
    public RowBinaryWriter writeDecimal128(BigInteger unscaled) {
        if (unscaled.bitLength() > 127) throw new IllegalArgumentException("Decimal128 out of range: " + unscaled);
        long lo = unscaled.longValue();
        long hi = unscaled.shiftRight(64).longValue();
        return writeInt64(lo).writeInt64(hi);
    }

    /** The null flag of a Nullable column: after {@code false} the value itself must follow. */
    public RowBinaryWriter writeNullFlag(boolean isNull) {
        return writeUInt8(isNull ? 1 : 0);
    }

    /** Nullable(Decimal(18, s)) with {@code isNull} deciding between null and {@code unscaled}. */
    public RowBinaryWriter writeNullableDecimal64(long unscaled, boolean isNull) {
        writeNullFlag(isNull);
        return isNull ? this : writeDecimal64(unscaled);
    }

    /** Bytes buffered and not yet handed on. */
    public int size() {
        return size;
    }

    /** Forgets the buffered bytes, keeping the buffer for reuse. */
    public void reset() {
        size = 0;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** The internal buffer; bytes [0, size()) are valid until the next write or reset. */
    byte[] buffer() {
        return buf;
    }
}
