package dev.roundhouse.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.model.GameRound;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class GameRoundCodecTest {
    static final int ID = 42;
    static final long LIMIT = 999_999_999_999_999_999L; // largest |unscaled| of Decimal(18,4)
    static final String[] NAMES = {
        "Book of Dead", "Play'n GO", "Reactoonz, 2", "\"Quoted\" \"Slot\"", "a,\"b\",'c'", "", " ",
        "Ünïcødé Spiñ", "金龙 Golden Dragon", "emoji 🎰🍒 slot", "Ελληνικά", "x".repeat(300), "tab\tand\nnewline",
    };
    static final long[] EDGE_AMOUNTS = {
        GameRound.MISSING, 0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769,
        500, 1_000, 125_000, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 55, -(1L << 55), (1L << 55) - 1,
        LIMIT, -LIMIT, LIMIT - 1, -LIMIT + 1,
    };

    final SchemaLookup ours = id -> {
        if (id == ID) {
            return GameRoundSchema.schema();
        }
        throw new SchemaRegistryException("Schema " + id + " not found.", 404, 40403, "Schema " + id + " not found.", null);
    };
    final GameRoundEncoder encoder = new GameRoundEncoder(ID);
    final GameRoundDecoder decoder = new GameRoundDecoder(ours);

    static List<GameRound> rounds(int n, long seed) {
        var rnd = new SplittableRandom(seed);
        var out = new ArrayList<GameRound>(n);
        for (int i = 0; i < n; i++) {
            var r = new GameRound();
            r.createdMillis = switch (i % 50) {
                case 0 -> Long.MAX_VALUE;
                case 1 -> Long.MIN_VALUE;
                case 2 -> 0;
                default -> 1_600_000_000_000L + rnd.nextLong(200_000_000_000L);
            };
            r.gameInstanceId = i % 37 == 0 ? (i % 2 == 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : 20_000 + i;
            r.userId(i % 41 == 0 ? "ユーザー-" + i : HexFormat.of().formatHex(longBytes(rnd.nextLong(), rnd.nextLong())));
            r.gameId = i % 29 == 0 ? -rnd.nextLong(Long.MAX_VALUE) : rnd.nextLong(10_000, 99_999);
            r.realAmountBet = amount(rnd, i);
            r.bonusAmountBet = amount(rnd, i + 1);
            r.realAmountWin = amount(rnd, i + 2);
            r.bonusAmountWin = amount(rnd, i + 3);
            r.gameName = NAMES[rnd.nextInt(NAMES.length)];
            r.provider = NAMES[rnd.nextInt(NAMES.length)];
            out.add(r);
        }
        return out;
    }

    private static long amount(SplittableRandom rnd, int i) {
        return switch (rnd.nextInt(6)) {
            case 0 -> GameRound.MISSING;
            case 1 -> EDGE_AMOUNTS[Math.floorMod(i * 7 + rnd.nextInt(3), EDGE_AMOUNTS.length)];
            case 2 -> rnd.nextLong(-LIMIT, LIMIT + 1);
            case 3 -> rnd.nextLong(-1L << rnd.nextInt(1, 59), 1L << rnd.nextInt(1, 59));
            default -> rnd.nextLong(0, 50_000_000); // 0.0000 .. 5000.0000
        };
    }

    private static byte[] longBytes(long a, long b) {
        return ByteBuffer.allocate(16).putLong(a).putLong(b).array();
    }

    static void assertSameRound(GameRound expected, GameRound actual) {
        assertEquals(expected.createdMillis, actual.createdMillis, "created");
        assertEquals(expected.gameInstanceId, actual.gameInstanceId, "game_instance_id");
        assertEquals(expected.userId(), actual.userId(), "user_id");
        assertEquals(expected.gameId, actual.gameId, "game_id");
        assertEquals(expected.realAmountBet, actual.realAmountBet, "real_amount_bet");
        assertEquals(expected.bonusAmountBet, actual.bonusAmountBet, "bonus_amount_bet");
        assertEquals(expected.realAmountWin, actual.realAmountWin, "real_amount_win");
        assertEquals(expected.bonusAmountWin, actual.bonusAmountWin, "bonus_amount_win");
        assertEquals(expected.gameName, actual.gameName, "game_name");
        assertEquals(expected.provider, actual.provider, "provider");
    }

    @Test
    void roundTripsRandomAndEdgeRounds() throws Exception {
        var reused = new GameRound();
        for (GameRound r : rounds(50_000, 1)) {
            byte[] bytes = encoder.encode(r);
            assertEquals(encoder.encodedSize(r), bytes.length);
            assertEquals(0, bytes[0]);
            assertEquals(ID, GameRoundDecoder.schemaIdOf(bytes));
            assertSameRound(r, decoder.decode(bytes));
            decoder.decode(bytes, reused);
            assertSameRound(r, reused);
        }
        assertTrue(decoder.isFastPath(ID));
    }

    @Test
    void encodesIntoCallerBufferAtOffset() {
        byte[] buf = new byte[4096];
        int p = 3;
        List<GameRound> rs = rounds(20, 2);
        for (GameRound r : rs) {
            int end = encoder.encode(r, buf, p);
            assertArrayEquals(encoder.encode(r), Arrays.copyOfRange(buf, p, end));
            p = end;
        }
        GameRound big = rs.get(0).copy();
        big.gameName = "y".repeat(5000);
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> encoder.encode(big, new byte[100], 0));
    }

    /** The "standard Confluent client" proof: Avro's own reader with the .avsc and logical-type conversions. */
    @Test
    void avroLibraryReadsOurBytesToTheSameValues() throws Exception {
        var data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        Schema schema = new Schema.Parser().parse(GameRoundSchema.json());
        var reader = new GenericDatumReader<GenericRecord>(schema, schema, data);
        for (GameRound r : rounds(20_000, 3)) {
            byte[] bytes = encoder.encode(r);
            var in = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
            GenericRecord rec = reader.read(null, in);
            assertTrue(in.isEnd(), "Avro consumed every byte");
            assertEquals(Instant.ofEpochMilli(r.createdMillis), rec.get("created_timestamp"));
            assertEquals(r.gameInstanceId, rec.get("game_instance_id"));
            assertEquals(r.userId(), rec.get("user_id").toString());
            assertEquals(r.gameId, rec.get("game_id"));
            assertAmount(r.realAmountBet, rec.get("real_amount_bet"));
            assertAmount(r.bonusAmountBet, rec.get("bonus_amount_bet"));
            assertAmount(r.realAmountWin, rec.get("real_amount_win"));
            assertAmount(r.bonusAmountWin, rec.get("bonus_amount_win"));
            assertEquals(r.gameName, rec.get("game_name").toString());
            assertEquals(r.provider, rec.get("provider").toString());
        }
    }

    private static void assertAmount(long unscaled, Object avro) {
        if (unscaled == GameRound.MISSING) {
            assertNull(avro);
        } else {
            BigDecimal d = (BigDecimal) avro;
            assertEquals(4, d.scale());
            assertEquals(BigDecimal.valueOf(unscaled, 4), d);
        }
    }

    /** Byte-for-byte identical to Avro's GenericDatumWriter (so decimals are BigInteger.toByteArray()). */
    @Test
    void bytesEqualAvroLibraryWriterOutput() throws Exception {
        var writer = new GenericDatumWriter<GenericRecord>(GameRoundSchema.schema(), converting());
        for (GameRound r : rounds(20_000, 4)) {
            assertArrayEquals(framed(ID, writer, toRecord(r, GameRoundSchema.schema())), encoder.encode(r));
        }
        for (long v : EDGE_AMOUNTS) {
            if (v != GameRound.MISSING) {
                assertEquals(BigInteger.valueOf(v).toByteArray().length, AvroBinary.decimalSize(v), "size of " + v);
            }
        }
    }

    static GenericData converting() {
        var data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return data;
    }

    static GenericRecord toRecord(GameRound r, Schema schema) {
        var rec = new GenericData.Record(schema);
        rec.put("created_timestamp", Instant.ofEpochMilli(r.createdMillis));
        rec.put("game_instance_id", r.gameInstanceId);
        rec.put("user_id", r.userId());
        rec.put("game_id", r.gameId);
        Map.of("real_amount_bet", r.realAmountBet, "bonus_amount_bet", r.bonusAmountBet,
                        "real_amount_win", r.realAmountWin, "bonus_amount_win", r.bonusAmountWin)
                .forEach((k, v) -> rec.put(k, v == GameRound.MISSING ? null : BigDecimal.valueOf(v, 4)));
        rec.put("game_name", r.gameName);
        rec.put("provider", r.provider);
        return rec;
    }

    static byte[] framed(int id, GenericDatumWriter<GenericRecord> writer, GenericRecord rec) throws Exception {
        var out = new ByteArrayOutputStream();
        out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(rec, enc);
        enc.flush();
        return out.toByteArray();
    }

    @Test
    void encoderRejectsValuesTheSchemaCannotHold() {
        GameRound r = rounds(1, 5).get(0);
        r.realAmountWin = LIMIT + 1;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> encoder.encode(r)).getMessage().contains("real_amount_win"));
        r.realAmountWin = 0;
        r.provider = null;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> encoder.encode(r)).getMessage().contains("provider"));
    }

    // ---- other writer schemas: Avro schema resolution ----

    static final String EVOLVED = """
            {"type":"record","name":"GameRound","namespace":"dev.roundhouse","fields":[
              {"name":"provider","type":"string"},
              {"name":"created_timestamp","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"game_instance_id","type":"long"},
              {"name":"user_id","type":"string"},
              {"name":"game_id","type":"int"},
              {"name":"real_amount_bet","type":["null",{"type":"bytes","logicalType":"decimal","precision":18,"scale":4}],"default":null},
              {"name":"real_amount_win","type":["null",{"type":"bytes","logicalType":"decimal","precision":18,"scale":4}],"default":null},
              {"name":"bonus_amount_win","type":["null",{"type":"bytes","logicalType":"decimal","precision":18,"scale":4}],"default":null},
              {"name":"game_name","type":"string"},
              {"name":"currency","type":"string","default":"EUR"}
            ]}""";

    @Test
    void resolvesOtherCompatibleWriterSchemas() throws Exception {
        Schema evolved = new Schema.Parser().parse(EVOLVED);
        var dec = new GameRoundDecoder(id -> id == 9 ? evolved : GameRoundSchema.schema());
        var writer = new GenericDatumWriter<GenericRecord>(evolved, converting());
        assertFalse(dec.isFastPath(9));
        for (GameRound r : rounds(2_000, 6)) {
            int narrowed = (int) r.gameId; // the evolved schema has an int game_id
            r.gameId = narrowed;
            GenericRecord rec = new GenericData.Record(evolved);
            GenericRecord full = toRecord(r, GameRoundSchema.schema());
            for (Schema.Field f : evolved.getFields()) {
                rec.put(f.name(), switch (f.name()) {
                    case "currency" -> "EUR";
                    case "game_id" -> (int) r.gameId;
                    default -> full.get(f.name());
                });
            }
            GameRound got = dec.decode(framed(9, writer, rec));
            r.bonusAmountBet = GameRound.MISSING; // absent from the writer: the reader default (null)
            assertSameRound(r, got);
        }
    }

    @Test
    void rejectsWriterSchemasThatWouldBeMisread() {
        Schema scale2 = new Schema.Parser().parse(GameRoundSchema.json().replaceFirst("\"scale\": ?4", "\"scale\": 2"));
        Schema micros = new Schema.Parser().parse(GameRoundSchema.json().replace("timestamp-millis", "timestamp-micros"));
        Schema numericUser = new Schema.Parser().parse(GameRoundSchema.json().replace(
                "{\"name\": \"user_id\", \"type\": \"string\"}", "{\"name\": \"user_id\", \"type\": \"long\"}"));
        Map<Integer, Schema> byId = Map.of(1, scale2, 2, micros, 3, numericUser);
        var dec = new GameRoundDecoder(byId::get);
        byte[] ours = encoder.encode(rounds(1, 7).get(0));
        for (int id : byId.keySet()) {
            byte[] b = ours.clone();
            b[4] = (byte) id;
            var e = assertThrows(MalformedRecordException.class, () -> dec.decode(b));
            assertTrue(e.getMessage().contains("writer schema id " + id), e.getMessage());
        }
        assertTrue(assertThrows(MalformedRecordException.class, () -> dec.decode(withId(ours, 1))).getMessage().contains("scale"));
        assertTrue(assertThrows(MalformedRecordException.class, () -> dec.decode(withId(ours, 2))).getMessage().contains("timestamp-micros"));
        assertTrue(assertThrows(MalformedRecordException.class, () -> dec.decode(withId(ours, 3))).getMessage().contains("user_id"));
    }

    private static byte[] withId(byte[] b, int id) {
        byte[] c = b.clone();
        c[1] = (byte) (id >>> 24);
        c[2] = (byte) (id >>> 16);
        c[3] = (byte) (id >>> 8);
        c[4] = (byte) id;
        return c;
    }

    // ---- malformed input ----

    private String malformed(byte[] b) {
        return assertThrows(MalformedRecordException.class, () -> decoder.decode(b)).getMessage();
    }

    @Test
    void malformedFramesAreReportedWithAReason() {
        byte[] good = encoder.encode(rounds(1, 8).get(0));
        assertTrue(malformed(null).contains("null"));
        assertTrue(malformed(new byte[0]).contains("shorter than the 5-byte"));
        assertTrue(malformed(new byte[] {0, 0, 0}).contains("shorter than the 5-byte"));
        byte[] magic = good.clone();
        magic[0] = 1;
        assertTrue(malformed(magic).contains("bad magic byte 0x01"));
        assertTrue(malformed("{\"json\":1}".getBytes(StandardCharsets.UTF_8)).contains("bad magic byte 0x7b"));
        assertTrue(malformed(withId(good, 77)).contains("unknown schema id 77"));
        for (int len = 5; len < good.length; len++) {
            String why = malformed(Arrays.copyOf(good, len));
            assertTrue(why.contains("truncated"), len + ": " + why);
        }
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertTrue(malformed(trailing).contains("trailing"));
    }

    @Test
    void corruptAvroBodiesAreReportedWithAReason() {
        GameRound r = rounds(1, 9).get(0);
        r.userId("u");
        r.createdMillis = 1;
        r.gameInstanceId = 1;
        r.gameId = 1;
        r.realAmountBet = 5;
        byte[] good = encoder.encode(r);
        // layout: header(5) ts(1) gid(1) len(1) 'u'(1) game(1) realBet: branch(1) len(1) byte(1) ...
        byte[] branch = good.clone();
        branch[10] = 4; // union branch 2
        assertTrue(malformed(branch).contains("union branch 2 of real_amount_bet"));
        byte[] negative = good.clone();
        negative[7] = 1; // zigzag 1 = -1
        assertTrue(malformed(negative).contains("negative length -1 of user_id"));
        byte[] longVarint = new byte[20];
        System.arraycopy(good, 0, longVarint, 0, 5);
        Arrays.fill(longVarint, 5, 20, (byte) 0x80);
        assertTrue(malformed(longVarint).contains("longer than 10 bytes"));
        byte[] emptyDecimal = good.clone();
        emptyDecimal[11] = 0;
        assertTrue(malformed(emptyDecimal).contains("real_amount_bet"));
    }

    @Test
    void decimalsOutsideTheSchemaRangeAreMalformed() throws Exception {
        // a lenient writer (no precision check): the raw bytes of unscaled values beyond 18 digits
        var writer = new GenericDatumWriter<GenericRecord>(GameRoundSchema.schema(), new GenericData());
        GameRound r = rounds(1, 10).get(0);
        r.realAmountBet = r.bonusAmountBet = r.bonusAmountWin = GameRound.MISSING;
        for (BigInteger bad : List.of(BigInteger.TEN.pow(18), BigInteger.TEN.pow(18).negate(), new BigInteger("123456789012345678901234"))) {
            GenericRecord rec = toRecord(r, GameRoundSchema.schema());
            rec.put("created_timestamp", r.createdMillis);
            rec.put("real_amount_win", ByteBuffer.wrap(bad.toByteArray()));
            assertTrue(malformed(framed(ID, writer, rec)).contains("outside Decimal(18,4)"));
        }
    }

    @Test
    void acceptsNonMinimalDecimalBytesFromOtherWriters() throws Exception {
        var writer = new GenericDatumWriter<GenericRecord>(GameRoundSchema.schema(), new GenericData());
        GameRound r = rounds(1, 12).get(0);
        r.realAmountBet = r.bonusAmountBet = r.bonusAmountWin = GameRound.MISSING;
        for (long v : new long[] {5, -5, LIMIT, -LIMIT, 0}) {
            byte[] padded = new byte[12];
            Arrays.fill(padded, (byte) (v < 0 ? -1 : 0));
            ByteBuffer.wrap(padded, 4, 8).putLong(v);
            GenericRecord rec = toRecord(r, GameRoundSchema.schema());
            rec.put("created_timestamp", r.createdMillis);
            rec.put("real_amount_win", ByteBuffer.wrap(padded));
            r.realAmountWin = v;
            assertSameRound(r, decoder.decode(framed(ID, writer, rec)));
        }
    }

    @Test
    void registryOutagesAreNotMalformedRecords() {
        var down = new GameRoundDecoder(id -> {
            throw new SchemaRegistryException("schema registry at http://x unreachable", 0, -1, null, null);
        });
        byte[] good = encoder.encode(rounds(1, 11).get(0));
        var e = assertThrows(SchemaRegistryException.class, () -> down.decode(good));
        assertTrue(e.isRetriable());
    }
}
