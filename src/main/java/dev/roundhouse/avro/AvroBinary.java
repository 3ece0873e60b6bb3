package dev.roundhouse.avro;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Avro binary primitives shared by the hand-written encoder and decoder. */
final class AvroBinary {
    /** Confluent wire format: magic byte, then a 4-byte big-endian schema id, then the Avro body. */
    static final byte MAGIC = 0;
    static final int HEADER_SIZE = 5;
    /** Decimal(18, s): the unscaled value's absolute value must stay below 10^18. */
    static final long DECIMAL18_LIMIT = 1_000_000_000_000_000_000L;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Continuation bits of the first seven bytes of an eight-byte varint (little-endian: byte 0 lowest). */
    private static final long CONTINUATION = 0x0080_8080_8080_8080L;

    private AvroBinary() {}

    static long zigzag(long n) {
        return (n << 1) ^ (n >> 63);
    }

    /** Bytes of the varint of an already zigzagged value. */
    static int varintSize(long zz) {
        int bits = 64 - Long.numberOfLeadingZeros(zz | 1);
        return (bits + 6) / 7;
    }

    /**
     * Avro long (zigzag varint) at {@code p}; returns the next position. Fields are written front to back
     * up to {@code end}: with eight bytes of room a varint of up to eight bytes is one store (its 7-bit
     * groups spread by {@link Long#expand}), which may also zero bytes up to p + 8 that later fields overwrite.
     */
    static int writeLong(long n, byte[] b, int p, int end) {
        long v = zigzag(n);
        if (v >>> 56 == 0 && end - p >= 8) {
            int size = varintSize(v);
            LONG_LE.set(b, p, Long.expand(v, 0x7F7F_7F7F_7F7F_7F7FL) | CONTINUATION >>> (8 * (8 - size)));
            return p + size;
        }
        while ((v & ~0x7FL) != 0) {
            b[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }

    /** Length of the minimal big-endian two's-complement form of v (as BigInteger.toByteArray()). */
    static int decimalSize(long v) {
        return ((64 - Long.numberOfLeadingZeros(v ^ (v >> 63))) >> 3) + 1;
    }

    /** Writes the {@code n} low bytes of v big-endian; may zero bytes up to p + 8 as {@link #writeLong} does. */
    static int writeDecimal(long v, int n, byte[] b, int p, int end) {
        if (end - p >= 8) {
            LONG_BE.set(b, p, v << (64 - 8 * n));
            return p + n;
        }
        for (int i = p + n - 1; i >= p; i--) {
            b[i] = (byte) v;
            v >>= 8;
        }
        return p + n;
    }

    /** Reads a sign-extended big-endian two's-complement value of 1..8 bytes. */
    static long readDecimal(byte[] b, int p, int n) {
        long v = b[p]; // sign-extends the first byte
        for (int i = p + 1; i < p + n; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    /** UTF-8 bytes → String, direct-mapped cache so repeated names do not allocate. Thread-safe: entries are immutable, so a racing writer only replaces a slot. */
    static final class DecodeCache {
        private record Entry(byte[] utf8, String value) {}

        private final Entry[] slots;
        private final int mask;

        DecodeCache(int sizePowerOfTwo) {
            slots = new Entry[sizePowerOfTwo];
            mask = sizePowerOfTwo - 1;
        }

        String string(byte[] b, int p, int n) {
            if (n > 256) {
                return new String(b, p, n, StandardCharsets.UTF_8);
            }
            int h = n;
            for (int i = p, end = p + n; i < end; i++) {
                h = 31 * h + b[i];
            }
            int i = (h ^ (h >>> 16)) & mask;
            Entry e = slots[i];
            if (e != null && Arrays.equals(e.utf8, 0, e.utf8.length, b, p, p + n)) {
                return e.value;
            }
            String s = new String(b, p, n, StandardCharsets.UTF_8);
            slots[i] = new Entry(Arrays.copyOfRange(b, p, p + n), s);
            return s;
        }
    }
}
