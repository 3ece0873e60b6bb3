package dev.roundhouse.avro;

import static dev.roundhouse.avro.AvroBinary.DECIMAL18_LIMIT;
import static dev.roundhouse.avro.AvroBinary.HEADER_SIZE;
import static dev.roundhouse.avro.AvroBinary.MAGIC;
import static dev.roundhouse.avro.AvroBinary.decimalSize;
import static dev.roundhouse.avro.AvroBinary.varintSize;
import static dev.roundhouse.avro.AvroBinary.writeDecimal;
import static dev.roundhouse.avro.AvroBinary.writeLong;
import static dev.roundhouse.avro.AvroBinary.zigzag;

import dev.roundhouse.model.GameRound;

/**
 * Hand-written Avro binary encoder of {@link GameRoundSchema} in the Confluent wire format
 * ({@code 0x00}, 4-byte big-endian schema id, Avro body). The output is byte-for-byte what Avro's own
 * {@code GenericDatumWriter} writes for the same values: zigzag varints, strings as length + UTF-8,
 * unions as branch index (0 = null, 1 = bytes), decimals as the minimal big-endian two's-complement
 * bytes of the unscaled value ({@code BigInteger.valueOf(v).toByteArray()}).
 *
 * <p>Thread-safe. {@link #encode(GameRound)} sizes the record first and allocates exactly one array;
 * the UTF-8 of the text fields comes from the reader ({@link GameRound#userIdUtf8()} and its siblings),
 * so nothing is encoded twice.
 */
public final class GameRoundEncoder {
    private final int schemaId;

    /** @param schemaId the registry id of {@link GameRoundSchema#schema()} under the topic's subject */
    public GameRoundEncoder(int schemaId) {
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }

    /** The Confluent-framed record in a new array of exactly its size. */
    public byte[] encode(GameRound r) {
        byte[] user = userId(r);
        byte[] name = gameName(r);
        byte[] provider = provider(r);
        byte[] out = new byte[size(r, user, name, provider)];
        write(r, user, name, provider, out, 0);
        return out;
    }

    /** Bytes {@link #encode(GameRound, byte[], int)} will write for this round. */
    public int encodedSize(GameRound r) {
        return size(r, userId(r), gameName(r), provider(r));
    }

    /**
     * Writes the framed record into {@code dst} at {@code offset}; returns the offset after it.
     * @throws ArrayIndexOutOfBoundsException when dst has less than {@link #encodedSize} bytes left
     */
    public int encode(GameRound r, byte[] dst, int offset) {
        byte[] user = userId(r);
        byte[] name = gameName(r);
        byte[] provider = provider(r);
        int size = size(r, user, name, provider);
        if (dst.length - offset < size) {
            throw new ArrayIndexOutOfBoundsException("record needs " + size + " bytes, " + (dst.length - offset) + " left");
        }
        return write(r, user, name, provider, dst, offset);
    }

    private static int size(GameRound r, byte[] user, byte[] name, byte[] provider) {
        return HEADER_SIZE
                + varintSize(zigzag(r.createdMillis))
                + varintSize(zigzag(r.gameInstanceId))
                + varintSize((long) user.length << 1) + user.length
                + varintSize(zigzag(r.gameId))
                + amountSize(r.realAmountBet, "real_amount_bet")
                + amountSize(r.bonusAmountBet, "bonus_amount_bet")
                + amountSize(r.realAmountWin, "real_amount_win")
                + amountSize(r.bonusAmountWin, "bonus_amount_win")
                + varintSize((long) name.length << 1) + name.length
                + varintSize((long) provider.length << 1) + provider.length;
    }

    /** Union branch byte, plus length byte and decimal bytes when present (length ≤ 8 → one varint byte). */
    private static int amountSize(long v, String field) {
        if (v == GameRound.MISSING) {
            return 1;
        }
        if (v >= DECIMAL18_LIMIT || v <= -DECIMAL18_LIMIT) {
            throw new IllegalArgumentException(field + " unscaled value " + v + " is outside Decimal(18," + GameRound.SCALE + ")");
        }
        return 2 + decimalSize(v);
    }

    private int write(GameRound r, byte[] user, byte[] name, byte[] provider, byte[] b, int p) {
        b[p] = MAGIC;
        b[p + 1] = (byte) (schemaId >>> 24);
        b[p + 2] = (byte) (schemaId >>> 16);
        b[p + 3] = (byte) (schemaId >>> 8);
        b[p + 4] = (byte) schemaId;
        p += HEADER_SIZE;
        p = writeLong(r.createdMillis, b, p);
        p = writeLong(r.gameInstanceId, b, p);
        p = writeBytes(user, b, p);
        p = writeLong(r.gameId, b, p);
        p = writeAmount(r.realAmountBet, b, p);
        p = writeAmount(r.bonusAmountBet, b, p);
        p = writeAmount(r.realAmountWin, b, p);
        p = writeAmount(r.bonusAmountWin, b, p);
        p = writeBytes(name, b, p);
        p = writeBytes(provider, b, p);
        return p;
    }

    private static int writeAmount(long v, byte[] b, int p) {
        if (v == GameRound.MISSING) {
            b[p] = 0; // union branch 0: null
            return p + 1;
        }
        int n = decimalSize(v);
        b[p] = 2; // union branch 1 (zigzag 1 = 2)
        b[p + 1] = (byte) (n << 1); // length n ≤ 8, zigzagged, one byte
        return writeDecimal(v, n, b, p + 2);
    }

    private static int writeBytes(byte[] s, byte[] b, int p) {
        p = writeLong(s.length, b, p);
        System.arraycopy(s, 0, b, p, s.length);
        return p + s.length;
    }

    private static byte[] userId(GameRound r) {
        return checked(r.userIdUtf8(), "user_id");
    }

    private static byte[] gameName(GameRound r) {
        checked(r.gameName, "game_name");
        return r.gameNameUtf8();
    }

    private static byte[] provider(GameRound r) {
        checked(r.provider, "provider");
        return r.providerUtf8();
    }

    private static <T> T checked(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is null (the schema does not allow it)");
        }
        return value;
    }
}
