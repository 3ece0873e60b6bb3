package dev.roundhouse.avro;

import static dev.roundhouse.avro.AvroBinary.DECIMAL18_LIMIT;
import static dev.roundhouse.avro.AvroBinary.HEADER_SIZE;
import static dev.roundhouse.avro.AvroBinary.MAGIC;

import dev.roundhouse.model.GameRound;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes Confluent-framed Avro ({@code 0x00}, 4-byte schema id, Avro body) into game rounds.
 * The writer schema comes from the registry by id (cached). When it equals {@link GameRoundSchema},
 * a hand-written decoder mirrors {@link GameRoundEncoder}; any other writer schema is read with
 * Avro's schema resolution (writer schema → our schema as reader) after checking, once per id, that
 * the two are compatible and agree on logical types (decimal scale, timestamp unit).
 *
 * <p>Errors: a record that can never be decoded throws {@link MalformedRecordException} (send it to
 * the dead-letter topic); a registry that cannot be reached throws a retriable
 * {@link SchemaRegistryException} (retry later: the record is fine). Thread-safe.
 */
public final class GameRoundDecoder {
    private static final Schema READER = GameRoundSchema.schema();

    private sealed interface Plan permits Fast, Resolving, Rejected {}

    private record Fast() implements Plan {}

    private record Resolving(GenericDatumReader<GenericRecord> reader) implements Plan {}

    private record Rejected(String reason) implements Plan {}

    private record Last(int id, Plan plan) {}

    private static final Fast FAST = new Fast();

    private final SchemaLookup schemas;
    private final Map<Integer, Plan> plans = new ConcurrentHashMap<>();
    private volatile Last last = new Last(-1, null);
    private final AvroBinary.DecodeCache names = new AvroBinary.DecodeCache(1024);

    public GameRoundDecoder(SchemaLookup schemas) {
        this.schemas = schemas;
    }

    /** Decodes into a new GameRound. */
    public GameRound decode(byte[] value) throws MalformedRecordException, SchemaRegistryException {
        GameRound r = new GameRound();
        decode(value, r);
        return r;
    }

    /** Decodes into {@code into}, overwriting every field ({@code line} becomes 0: unknown). */
    public void decode(byte[] value, GameRound into) throws MalformedRecordException, SchemaRegistryException {
        int id = schemaIdOf(value);
        Plan plan = plan(id);
        switch (plan) {
            case Fast f -> decodeFast(value, into);
            case Resolving res -> decodeResolving(res.reader(), value, into);
            case Rejected rej -> throw new MalformedRecordException(rej.reason());
        }
    }

    /** The schema id of a Confluent-framed value, after checking the magic byte and length. */
    public static int schemaIdOf(byte[] value) throws MalformedRecordException {
        if (value == null) {
            throw new MalformedRecordException("null record value (tombstone), expected Confluent-framed Avro");
        }
        if (value.length < HEADER_SIZE) {
            throw new MalformedRecordException("record value of " + value.length
                    + " bytes is shorter than the 5-byte Confluent header");
        }
        if (value[0] != MAGIC) {
            throw new MalformedRecordException(String.format(
                    "bad magic byte 0x%02x, expected 0x00 (Confluent wire format)", value[0] & 0xFF));
        }
        return ((value[1] & 0xFF) << 24) | ((value[2] & 0xFF) << 16) | ((value[3] & 0xFF) << 8) | (value[4] & 0xFF);
    }

    /** True when records written with this schema id take the hand-written path (for tests and metrics). */
    boolean isFastPath(int id) throws MalformedRecordException, SchemaRegistryException {
        return plan(id) instanceof Fast;
    }

    private Plan plan(int id) throws MalformedRecordException, SchemaRegistryException {
        Last l = last;
        if (l.id == id && l.plan != null) {
            return l.plan;
        }
        Plan plan = plans.get(id);
        if (plan == null) {
            Schema writer;
            try {
                writer = schemas.schemaById(id);
            } catch (SchemaRegistryException e) {
                if (e.isRetriable()) {
                    throw e;
                }
                // not cached: a registry still loading (kafkasql) may answer 404 for a while
                throw new MalformedRecordException((e.isNotFound() ? "unknown schema id " + id + ": " : "schema id " + id + ": ")
                        + e.getMessage(), e);
            }
            plan = planFor(id, writer);
            Plan raced = plans.putIfAbsent(id, plan);
            if (raced != null) {
                plan = raced;
            }
        }
        last = new Last(id, plan);
        return plan;
    }

    private static Plan planFor(int id, Schema writer) {
        if (writer.equals(READER)) {
            return FAST;
        }
        var compat = SchemaCompatibility.checkReaderWriterCompatibility(READER, writer);
        if (compat.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            String why = compat.getResult().getIncompatibilities().stream()
                    .map(i -> i.getMessage() + " at " + location(i.getLocation()))
                    .findFirst().orElse(compat.getDescription());
            return new Rejected("writer schema id " + id + " cannot be read as " + READER.getFullName() + ": " + why);
        }
        // Avro's resolution ignores logical types: a decimal of another scale or timestamp-micros would be misread.
        for (Schema.Field f : READER.getFields()) {
            Schema.Field w = writer.getField(f.name());
            if (w == null) {
                continue; // filled from the reader default (the compatibility check guaranteed there is one)
            }
            LogicalType expected = logicalType(f.schema());
            LogicalType actual = logicalType(w.schema());
            if (expected instanceof LogicalTypes.Decimal d) {
                if (!(actual instanceof LogicalTypes.Decimal wd) || wd.getScale() != d.getScale()) {
                    return new Rejected("writer schema id " + id + ": field " + f.name() + " is " + describe(actual)
                            + ", expected a decimal of scale " + d.getScale());
                }
            } else if (expected != null && (actual == null || !actual.getName().equals(expected.getName()))) {
                return new Rejected("writer schema id " + id + ": field " + f.name() + " is " + describe(actual)
                        + ", expected " + expected.getName());
            }
        }
        return new Resolving(new GenericDatumReader<>(writer, READER, new GenericData()));
    }

    /** "/fields/2/type" → "field user_id (/fields/2/type)". */
    private static String location(String pointer) {
        var m = Pattern.compile("^/fields/(\\d+)").matcher(pointer == null ? "" : pointer);
        if (m.find()) {
            int i = Integer.parseInt(m.group(1));
            if (i < READER.getFields().size()) {
                return "field " + READER.getFields().get(i).name() + " (" + pointer + ")";
            }
        }
        return pointer;
    }

    private static LogicalType logicalType(Schema s) {
        if (s.getType() == Schema.Type.UNION) {
            for (Schema branch : s.getTypes()) {
                if (branch.getType() != Schema.Type.NULL) {
                    return branch.getLogicalType();
                }
            }
            return null;
        }
        return s.getLogicalType();
    }

    private static String describe(LogicalType t) {
        if (t == null) {
            return "without logical type";
        }
        return t instanceof LogicalTypes.Decimal d ? "decimal(" + d.getPrecision() + "," + d.getScale() + ")" : t.getName();
    }

    // ---- fast path: mirror of GameRoundEncoder ----

    private void decodeFast(byte[] b, GameRound r) throws MalformedRecordException {
        var c = new Cursor(b);
        r.line = 0;
        r.createdMillis = c.readLong("created_timestamp");
        r.gameInstanceId = c.readLong("game_instance_id");
        int n = c.readLength("user_id");
        r.userId(new String(b, c.p, n, StandardCharsets.UTF_8));
        c.p += n;
        r.gameId = c.readLong("game_id");
        r.realAmountBet = c.readAmount("real_amount_bet");
        r.bonusAmountBet = c.readAmount("bonus_amount_bet");
        r.realAmountWin = c.readAmount("real_amount_win");
        r.bonusAmountWin = c.readAmount("bonus_amount_win");
        n = c.readLength("game_name");
        r.gameName = names.string(b, c.p, n);
        c.p += n;
        n = c.readLength("provider");
        r.provider = names.string(b, c.p, n);
        c.p += n;
        if (c.p != b.length) {
            throw new MalformedRecordException((b.length - c.p) + " trailing bytes after the Avro record");
        }
    }

    private static final class Cursor {
        final byte[] b;
        int p = HEADER_SIZE;

        Cursor(byte[] b) {
            this.b = b;
        }

        long readLong(String field) throws MalformedRecordException {
            long v = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                if (p >= b.length) {
                    throw truncated(field);
                }
                int x = b[p++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    return (v >>> 1) ^ -(v & 1);
                }
            }
            throw new MalformedRecordException("corrupt Avro: varint of " + field + " is longer than 10 bytes");
        }

        int readLength(String field) throws MalformedRecordException {
            int at = p;
            long n = readLong(field);
            if (n < 0) {
                throw new MalformedRecordException("corrupt Avro: negative length " + n + " of " + field + " at byte " + at);
            }
            if (n > b.length - p) {
                throw truncated(field);
            }
            return (int) n;
        }

        long readAmount(String field) throws MalformedRecordException {
            int at = p;
            long branch = readLong(field);
            if (branch == 0) {
                return GameRound.MISSING;
            }
            if (branch != 1) {
                throw new MalformedRecordException("corrupt Avro: union branch " + branch + " of " + field + " at byte " + at
                        + " (expected 0 null or 1 bytes)");
            }
            int n = readLength(field);
            long v = decimal(b, p, n, field);
            p += n;
            return v;
        }

        MalformedRecordException truncated(String field) {
            return new MalformedRecordException("truncated Avro record: " + b.length + " bytes end inside " + field);
        }
    }

    /** A Decimal(18, 4) unscaled value from its big-endian two's-complement bytes. */
    static long decimal(byte[] b, int p, int n, String field) throws MalformedRecordException {
        if (n == 0) {
            throw new MalformedRecordException("corrupt Avro: empty decimal bytes in " + field);
        }
        if (n > 8) { // longer than minimal is legal Avro if the extra leading bytes only extend the sign
            byte sign = b[p + n - 8] < 0 ? (byte) -1 : 0;
            for (int i = p; i < p + n - 8; i++) {
                if (b[i] != sign) {
                    throw new MalformedRecordException(field + ": decimal of " + n + " bytes is outside Decimal(18,4)");
                }
            }
            p += n - 8;
            n = 8;
        }
        long v = AvroBinary.readDecimal(b, p, n);
        if (v >= DECIMAL18_LIMIT || v <= -DECIMAL18_LIMIT) {
            throw new MalformedRecordException(field + ": unscaled value " + v + " is outside Decimal(18,4)");
        }
        return v;
    }

    // ---- slow path: Avro schema resolution ----

    private static void decodeResolving(GenericDatumReader<GenericRecord> reader, byte[] b, GameRound r)
            throws MalformedRecordException {
        GenericRecord rec;
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(b, HEADER_SIZE, b.length - HEADER_SIZE, null);
        try {
            rec = reader.read(null, in);
            if (!in.isEnd()) {
                throw new MalformedRecordException("trailing bytes after the Avro record");
            }
        } catch (MalformedRecordException e) {
            throw e;
        } catch (EOFException e) {
            throw new MalformedRecordException("truncated Avro record (" + b.length + " bytes)", e);
        } catch (Exception e) { // IOException, AvroRuntimeException, and the unchecked errors corrupt input can cause
            throw new MalformedRecordException("corrupt Avro record: " + e, e);
        }
        r.line = 0;
        r.createdMillis = (Long) rec.get("created_timestamp");
        r.gameInstanceId = (Long) rec.get("game_instance_id");
        r.userId(rec.get("user_id").toString());
        r.gameId = (Long) rec.get("game_id");
        r.realAmountBet = amount(rec, "real_amount_bet");
        r.bonusAmountBet = amount(rec, "bonus_amount_bet");
        r.realAmountWin = amount(rec, "real_amount_win");
        r.bonusAmountWin = amount(rec, "bonus_amount_win");
        r.gameName = rec.get("game_name").toString();
        r.provider = rec.get("provider").toString();
    }

    private static long amount(GenericRecord rec, String field) throws MalformedRecordException {
        Object v = rec.get(field);
        if (v == null) {
            return GameRound.MISSING;
        }
        ByteBuffer buf = ((ByteBuffer) v).duplicate();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        return decimal(bytes, 0, bytes.length, field);
    }
}
