package dev.roundhouse.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GameRoundTest {
    @Test
    void theReadersBytesServeOnlyTheStringTheyWereSetFor() {
        GameRound r = new GameRound();
        assertNull(r.userIdUtf8());
        byte[] utf8 = "abc".getBytes(StandardCharsets.UTF_8);
        r.userId("abc", utf8);
        assertSame(utf8, r.userIdUtf8());
        assertSame(utf8, r.copy().userIdUtf8());
        r.userId = new String("abc"); // equal but not the same instance: encoded afresh
        assertNotSame(utf8, r.userIdUtf8());
        assertArrayEquals(utf8, r.userIdUtf8());
        r.userId = "über";
        assertArrayEquals("über".getBytes(StandardCharsets.UTF_8), r.userIdUtf8());
        r.userId = null;
        assertNull(r.userIdUtf8());
    }

    @Test
    void readRowsCarryTheUtf8OfTheirUserId() {
        for (String id : new String[] {"872de53a900f3250ae5649ea19e5c0d1", "a", "usér-ß", "🎰x", "abcde"}) {
            GameRound row = Csv.readRows(Csv.rowWith(2, id)).rows().getFirst();
            assertEquals(id, row.userId);
            assertArrayEquals(id.getBytes(StandardCharsets.UTF_8), row.userIdUtf8(), id);
        }
    }
}
