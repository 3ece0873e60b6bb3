package dev.roundhouse.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GameRoundTest {
    @Test
    void theUserIdIsKeptAsWhicheverFormWasSetAndTheOtherMadeOnDemand() {
        GameRound r = new GameRound();
        assertNull(r.userIdUtf8());
        assertNull(r.userId());
        byte[] ascii = "abc".getBytes(StandardCharsets.US_ASCII);
        r.userId(ascii); // the reader's form: bytes only
        assertSame(ascii, r.userIdUtf8());
        assertSame(ascii, r.copy().userIdUtf8());
        assertEquals("abc", r.copy().userId());
        assertEquals("abc", r.userId());
        assertSame(r.userId(), r.userId()); // made once
        r.userId("über"); // a caller's String replaces the bytes
        assertArrayEquals("über".getBytes(StandardCharsets.UTF_8), r.userIdUtf8());
        assertNotSame(ascii, r.userIdUtf8());
        r.userId((String) null);
        assertNull(r.userIdUtf8());
        assertNull(r.userId());
    }

    @Test
    void namesWorkTheSameWay() {
        GameRound r = new GameRound();
        byte[] name = "Book of Dead".getBytes(StandardCharsets.UTF_8);
        byte[] provider = "Play'n GO".getBytes(StandardCharsets.UTF_8);
        r.gameName("Book of Dead", name);
        r.provider("Play'n GO", provider);
        assertSame(name, r.copy().gameNameUtf8());
        assertSame(provider, r.copy().providerUtf8());
        r.gameName = "Ünïcödé";
        assertArrayEquals("Ünïcödé".getBytes(StandardCharsets.UTF_8), r.gameNameUtf8());
        assertSame(provider, r.providerUtf8());
        r.provider = null;
        assertNull(r.providerUtf8());
    }
}
