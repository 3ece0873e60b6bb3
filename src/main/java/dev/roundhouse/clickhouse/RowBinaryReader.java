package dev.roundhouse.clickhouse;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Decodes ClickHouse RowBinary from a stream through its own buffer: numbers come out as primitives,
 * with no intermediate Strings. Read columns in SELECT order; loop {@code while (in.hasMore())} over rows.
 * A truncated stream raises {@link EOFException}. Not thread safe.
 */
public final class RowBinaryReader {
    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;

    public RowBinaryReader(InputStream in) {
        this(in, 64 * 1024);
    }

    public RowBinaryReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[Math.max(bufferSize, 16)];
    }

    /** Reads everything from {@code bytes} (tests, buffered answers). */
    public static RowBinaryReader of(byte[] bytes) {
        return new RowBinaryReader(new ByteArrayInputStream(bytes));
    }

    /** True while bytes remain: the start of another row, when called between rows. */
    public boolean hasMore() throws IOException {
        return pos < limit || fill(1, false);
    }

    /** Makes at least {@code n} (≤ buffer size) bytes available from pos; false at a clean end of stream. */
    private boolean fill(int n, boolean required) throws IOException {
        if (limit - pos >= n) return true;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < n) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                if (required || limit > 0) throw new EOFException("RowBinary stream ended inside a value");
                return false;
            }
            limit += r;
        }
        return true;
    }

    private void need(int n) throws IOException {
        if (limit - pos < n) fill(n, true);
    }

    public int readUInt8() throws IOException {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int readInt8() throws IOException {
        need(1);
        return buf[pos++];
    }

    public boolean readBoolean() throws IOException {
        return readUInt8() != 0;
    }

    public int readUInt16() throws IOException {
        need(2);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public short readInt16() throws IOException {
        return (short) readUInt16();
    }

    public int readInt32() throws IOException {
        need(4);
        int p = pos;
        int v = (buf[p] & 0xFF) | (buf[p + 1] & 0xFF) << 8 | (buf[p + 2] & 0xFF) << 16 | (buf[p + 3] & 0xFF) << 24;
        pos = p + 4;
        return v;
    }

    public long readUInt32() throws IOException {
        return readInt32() & 0xFFFF_FFFFL;
    }

    public long readInt64() throws IOException {
        need(8);
        int p = pos;
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[p + i] & 0xFF);
        }
        pos = p + 8;
        return v;
    }

    /** UInt64 as the same 64 bits (use Long.toUnsignedString / compareUnsigned above Long.MAX_VALUE). */
    public long readUInt64() throws IOException {
        return readInt64();
    }

    public double readFloat64() throws IOException {
        return Double.longBitsToDouble(readInt64());
    }

    public float readFloat32() throws IOException {
        return Float.intBitsToFloat(readInt32());
    }

    public long readVarUInt() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readUInt8();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new IOException("malformed VarUInt");
    }

    public String readString() throws IOException {
        int n = stringLength();
        if (n <= buf.length) {
            need(n);
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
        return new String(readBytes(n), StandardCharsets.UTF_8);
    }

    /** A String column's raw bytes. */
    public byte[] readStringBytes() throws IOException {
        return readBytes(stringLength());
    }

    public void skipString() throws IOException {
        skip(stringLength());
    }

    private int stringLength() throws IOException {
        long n = readVarUInt();
        if (n > Integer.MAX_VALUE - 16) throw new IOException("string too long: " + n);
        return (int) n;
    }

    private byte[] readBytes(int n) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            if (pos == limit) fill(1, true);
            int k = Math.min(n - done, limit - pos);
            System.arraycopy(buf, pos, out, done, k);
            pos += k;
            done += k;
        }
        return out;
    }

    public void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == limit) fill(1, true);
            int k = (int) Math.min(n, limit - pos);
            pos += k;
            n -= k;
        }
    }

    /** DateTime as epoch seconds (UInt32). */
    public long readDateTime() throws IOException {
        return readUInt32();
    }

    /** Date as epoch days (UInt16). */
    public int readDate() throws IOException {
        return readUInt16();
    }

    /** Decimal(P ≤ 18, s): the unscaled value. */
    public long readDecimal64() throws IOException {
        return readInt64();
    }

    /** Decimal(P ≤ 9, s): the unscaled value. */
    public int readDecimal32() throws IOException {
        return readInt32();
    }

    /** Decimal(19 ≤ P ≤ 38, s), e.g. sumMerge over Decimal(18, s): the unscaled value. */
    public BigInteger readDecimal128() throws IOException {
        long lo = readInt64();
        long hi = readInt64();
        return BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    }

    /** Decimal128 whose unscaled value must fit a long; ArithmeticException otherwise. */
    public long readDecimal128AsLong() throws IOException {
        long lo = readInt64();
        long hi = readInt64();
        if (hi != (lo >> 63)) throw new ArithmeticException("Decimal128 does not fit in a long (hi=" + hi + ", lo=" + lo + ")");
        return lo;
    }

    /** The null flag of a Nullable column: true means null and no value follows. */
    public boolean readNullFlag() throws IOException {
        return readUInt8() != 0;
    }

    /** Nullable(Decimal(P ≤ 18, s)): the unscaled value, or {@code ifNull} when null. */
    public long readNullableDecimal64(long ifNull) throws IOException {
        return readNullFlag() ? ifNull : readDecimal64();
    }
}
