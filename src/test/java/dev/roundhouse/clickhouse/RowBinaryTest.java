package dev.roundhouse.clickhouse;

import static org.junit.jupiter.api.Assertions.*;

import dev.roundhouse.model.GameRound;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RowBinaryTest {

    @Test
    void primitivesRoundTrip() throws Exception {
        var w = new RowBinaryWriter();
        w.writeUInt8(255).writeInt8(-1).writeUInt16(65535).writeInt16(-2).writeInt32(Integer.MIN_VALUE)
                .writeUInt32(4294967295L).writeInt64(Long.MIN_VALUE).writeUInt64(-1L).writeFloat64(0.1)
                .writeDateTime(4294967295L).writeDate(65535).writeDecimal64(999999999999999999L)
                .writeBoolean(true).writeVarUInt(300);
        var r = RowBinaryReader.of(w.toByteArray());
        assertEquals(255, r.readUInt8());
        assertEquals(-1, r.readInt8());
        assertEquals(65535, r.readUInt16());
        assertEquals(-2, r.readInt16());
        assertEquals(Integer.MIN_VALUE, r.readInt32());
        assertEquals(4294967295L, r.readUInt32());
        assertEquals(Long.MIN_VALUE, r.readInt64());
        assertEquals("18446744073709551615", Long.toUnsignedString(r.readUInt64()));
        assertEquals(0.1, r.readFloat64());
        assertEquals(4294967295L, r.readDateTime());
        assertEquals(65535, r.readDate());
        assertEquals(999999999999999999L, r.readDecimal64());
        assertTrue(r.readBoolean());
        assertEquals(300, r.readVarUInt());
        assertFalse(r.hasMore());
    }

    @Test
    void littleEndianLayout() {
        var w = new RowBinaryWriter().writeInt32(0x01020304).writeUInt16(0x0506);
        assertArrayEquals(new byte[] {4, 3, 2, 1, 6, 5}, w.toByteArray());
        // a string: LEB128 length then UTF-8
        var s = new RowBinaryWriter().writeString("é");
        assertArrayEquals(new byte[] {2, (byte) 0xC3, (byte) 0xA9}, s.toByteArray());
        assertArrayEquals(new byte[] {(byte) 0xAC, 0x02}, new RowBinaryWriter().writeVarUInt(300).toByteArray());
    }

    @Test
    void stringsRoundTripAndMatchJdkUtf8() throws Exception {
        String[] samples = {"", "Play'n GO", "a\\b", "ÄÖü €", "日本語", "emoji 😀 x", "lone \uD800 surrogate", "x".repeat(200_000)};
        var w = new RowBinaryWriter();
        for (String s : samples) w.writeString(s);
        var expected = new ByteArrayOutputStream();
        for (String s : samples) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            var len = new RowBinaryWriter().writeVarUInt(b.length).toByteArray();
            expected.writeBytes(len);
            expected.writeBytes(b);
        }
        assertArrayEquals(expected.toByteArray(), w.toByteArray());
        // a small reader buffer and a stream returning one byte at a time exercise refills
        var r = new RowBinaryReader(trickle(w.toByteArray()), 16);
        for (String s : samples) {
            assertEquals(s.contains("\uD800") ? s.replace('\uD800', '?') : s, r.readString());
        }
        assertFalse(r.hasMore());
    }

    @Test
    void nullableAndDecimal128() throws Exception {
        var w = new RowBinaryWriter();
        w.writeNullableDecimal64(0, true).writeNullableDecimal64(-125000, false);
        BigInteger big = BigInteger.TEN.pow(37).negate().add(BigInteger.ONE);
        w.writeDecimal128(big).writeDecimal128(BigInteger.valueOf(-5)).writeDecimal128(BigInteger.valueOf(42));
        var r = RowBinaryReader.of(w.toByteArray());
        assertEquals(GameRound.MISSING, r.readNullableDecimal64(GameRound.MISSING));
        assertEquals(-125000, r.readNullableDecimal64(GameRound.MISSING));
        assertEquals(big, r.readDecimal128());
        assertEquals(-5, r.readDecimal128AsLong());
        assertEquals(42, r.readDecimal128AsLong());
        var w2 = new RowBinaryWriter().writeDecimal128(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE));
        assertThrows(ArithmeticException.class, () -> RowBinaryReader.of(w2.toByteArray()).readDecimal128AsLong());
    }

    @Test
    void truncatedStreamIsEof() throws Exception {
        var r = RowBinaryReader.of(new byte[] {1, 2, 3});
        assertThrows(EOFException.class, r::readInt64);
        var s = RowBinaryReader.of(new byte[] {5, 'a'});
        assertThrows(EOFException.class, s::readString);
    }

    @Test
    void rangeChecks() {
        var w = new RowBinaryWriter();
        assertThrows(IllegalArgumentException.class, () -> w.writeDateTime(-1));
        assertThrows(IllegalArgumentException.class, () -> w.writeDateTime(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> w.writeUInt32(-1));
    }

    @Test
    void streamingWriterHandsOnChunks() {
        var out = new ByteArrayOutputStream();
        var w = new RowBinaryWriter(out, 16);
        var plain = new RowBinaryWriter();
        for (int i = 0; i < 1000; i++) {
            w.writeInt64(i).writeString("user-" + i);
            plain.writeInt64(i).writeString("user-" + i);
        }
        w.writeString("y".repeat(100)); // larger than the chunk
        plain.writeString("y".repeat(100));
        w.flush();
        assertArrayEquals(plain.toByteArray(), out.toByteArray());
    }

    @Test
    void gameRoundRowRoundTrip() throws Exception {
        var g = new GameRound();
        g.createdMillis = 1_700_000_123_000L;
        g.gameInstanceId = 20001;
        g.userId("872de53a900f3250ae5649ea19e5c0d1");
        g.gameId = 12345;
        g.realAmountBet = 500;
        g.bonusAmountBet = GameRound.MISSING;
        g.realAmountWin = 999_999_999_999_999_999L;
        g.bonusAmountWin = -1;
        g.gameName = "Book of 'Dead'";
        g.provider = "Play'n GO";
        var w = new RowBinaryWriter();
        GameRoundRows.write(w, g, "upload-1", 3, 77);
        var r = RowBinaryReader.of(w.toByteArray());
        var back = new GameRound();
        GameRoundRows.read(r, back);
        assertEquals("upload-1", r.readString());
        assertEquals(3, r.readInt32());
        assertEquals(77, r.readInt64());
        assertFalse(r.hasMore());
        assertEquals(g.createdMillis, back.createdMillis);
        assertEquals(g.gameInstanceId, back.gameInstanceId);
        assertEquals(g.userId(), back.userId());
        assertEquals(g.gameId, back.gameId);
        assertEquals(g.realAmountBet, back.realAmountBet);
        assertEquals(GameRound.MISSING, back.bonusAmountBet);
        assertEquals(g.realAmountWin, back.realAmountWin);
        assertEquals(g.bonusAmountWin, back.bonusAmountWin);
        assertEquals(g.gameName, back.gameName);
        assertEquals(g.provider, back.provider);
    }

    private static InputStream trickle(byte[] b) {
        return new ByteArrayInputStream(b) {
            @Override
            public synchronized int read(byte[] buf, int off, int len) {
                return super.read(buf, off, Math.min(len, 1));
            }
        };
    }
}
