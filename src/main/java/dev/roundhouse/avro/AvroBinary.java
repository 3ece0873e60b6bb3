package dev.roundhouse.avro;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Avro binary primitives shared by the hand-written encoder and decoder. */
final class AvroBinary {
    /** Confluent wire format: magic byte, then a 4-byte big-endian schema id, then the Avro body. */
    static final byte MAGIC = 0;
    static final int HEADER_SIZE = 5;
    /** Decimal(18, s): the unscaled value's absolute value must stay below 10^18. */
    static final long DECIMAL18_LIMIT = 1_000_000_000_000_000_000L;

    private AvroBinary() {}

    static long zigzag(long n) {
        return (n << 1) ^ (n >> 63);
    }

    /** Bytes of the varint of an already zigzagged value. */
    static int varintSize(long zz) {
        int bits = 64 - Long.numberOfLeadingZeros(zz | 1);
        return (bits + 6) / 7;
    }

    /** Avro long (zigzag varint) at {@code p}; returns the next position. */
    static int writeLong(long n, byte[] b, int p) {
        long v = (n << 1) ^ (n >> 63);
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

    /** Writes the {@code n} low bytes of v big-endian. */
    static int writeDecimal(long v, int n, byte[] b, int p) {
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
        @SuppressWarnings("ArrayRecordComponent") // a cache slot, compared by its bytes in code, never by equals
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
