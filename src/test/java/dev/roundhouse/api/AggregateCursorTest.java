package dev.roundhouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.clickhouse.HourlyAggregates;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class AggregateCursorTest {
    private static final HourlyAggregates.Key KEY = new HourlyAggregates.Key(1_709_280_000L, "872de53a900f3250ae5649ea19e5c0d1", 26264);

    @Test
    void roundTrips() {
        for (HourlyAggregates.Key key : List.of(KEY, new HourlyAggregates.Key(0, "a", 0), new HourlyAggregates.Key(0xFFFF_F1F0L - 0xFFFF_F1F0L % 3600, "ü🎲'\\\"", Long.MAX_VALUE),
                new HourlyAggregates.Key(3600, "x".repeat(64), -1))) {
            String cursor = AggregateCursor.encode(key);
            assertTrue(cursor.matches("[A-Za-z0-9_-]+"), cursor);
            assertEquals(key, AggregateCursor.decode(cursor));
        }
    }

    @Test
    void everyEditedCharacterIsRefused() {
        String cursor = AggregateCursor.encode(KEY);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < cursor.length(); i++) {
            for (char c : new char[] {alphabet.charAt((alphabet.indexOf(cursor.charAt(i)) + 1) % 64), alphabet.charAt((alphabet.indexOf(cursor.charAt(i)) + 17) % 64)}) {
                String edited = cursor.substring(0, i) + c + cursor.substring(i + 1);
                refused(edited);
            }
        }
    }

    @Test
    void malformedCursorsAreRefused() {
        String cursor = AggregateCursor.encode(KEY);
        for (String bad : List.of("", "x", "!!!!", cursor + "=", cursor + "A", cursor.substring(1), cursor.substring(0, cursor.length() - 1),
                '+' + cursor.substring(1), "A".repeat(400), Base64.getEncoder().encodeToString(new byte[30]))) {
            refused(bad);
        }
    }

    @Test
    void wellSignedButInvalidContentIsRefused() {
        refused(signed((byte) 2, 3600, 1, "abc".getBytes(StandardCharsets.UTF_8)));                     // unknown version
        refused(signed((byte) 1, 3601, 1, "abc".getBytes(StandardCharsets.UTF_8)));                     // not on the hour
        refused(signed((byte) 1, -3600, 1, "abc".getBytes(StandardCharsets.UTF_8)));                    // before 1970
        refused(signed((byte) 1, 3600, 1, new byte[0]));                          // no player
        refused(signed((byte) 1, 3600, 1, new byte[] {(byte) 0xC3, 0x28}));       // not UTF-8
        refused(signed((byte) 1, 3600, 1, "a\u0000b".getBytes(StandardCharsets.UTF_8)));                // control character
        refused(signed((byte) 1, 3600, 1, "y".repeat(65).getBytes(StandardCharsets.UTF_8)));           // too long
        assertEquals(new HourlyAggregates.Key(3600, "abc", 1), AggregateCursor.decode(signed((byte) 1, 3600, 1, "abc".getBytes(StandardCharsets.UTF_8))));
    }

    private static String signed(byte version, long hour, long game, byte[] player) {
        ByteBuffer b = ByteBuffer.allocate(21 + player.length);
        b.put(version).putLong(hour).putLong(game).put(player);
        var crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private static void refused(String cursor) {
        var e = assertThrows(HttpError.class, () -> AggregateCursor.decode(cursor), cursor);
        assertEquals(400, e.status);
        assertTrue(e.getMessage().startsWith("parameter 'cursor'"), e.getMessage());
    }
}
