package dev.roundhouse.api;

import dev.roundhouse.clickhouse.HourlyAggregates;
import dev.roundhouse.model.PlayerId;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * The opaque {@code cursor} of GET /aggregates: the key of the last group a page returned; the next page
 * starts strictly after it (keyset pagination, stable while rows are being added).
 *
 * <p>Format: base64url without padding of {@code version(1) | hour(8) | game_id(8) | player_id UTF-8 | crc32c(4)}.
 * Decoding is strict (canonical base64 only, known version, checksum, an hour on the hour, a valid player
 * id): anything else is a 400 naming {@code cursor}. The checksum catches edited or truncated cursors; it
 * is not a secret: a hand-made cursor only moves the starting point, the filters still bound the result.
 */
final class AggregateCursor {
    private static final byte VERSION = 1;
    private static final int FIXED_BYTES = 1 + 8 + 8 + 4;
    /** Enough for the longest valid cursor (a 64-char player id of 4-byte UTF-8 characters). */
    private static final int MAX_CHARS = 4 * (FIXED_BYTES + 4 * PlayerId.MAX_CHARS) / 3 + 4;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private AggregateCursor() {}

    static String encode(HourlyAggregates.Key key) {
        byte[] player = key.playerId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + player.length);
        b.put(VERSION).putLong(key.hour()).putLong(key.gameId()).put(player);
        b.putInt(checksum(b.array(), b.position()));
        return ENCODER.encodeToString(b.array());
    }

    static HourlyAggregates.Key decode(String cursor) {
        if (cursor.isEmpty() || cursor.length() > MAX_CHARS) {
            throw invalid("wrong length");
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid("not base64url");
        }
        if (!ENCODER.encodeToString(bytes).equals(cursor)) {
            throw invalid("not in canonical form"); // padding or stray bits: not a cursor this service wrote
        }
        if (bytes.length < FIXED_BYTES + 1) {
            throw invalid("too short");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.get() != VERSION) {
            throw invalid("unknown version");
        }
        int payload = bytes.length - 4;
        if (b.getInt(payload) != checksum(bytes, payload)) {
            throw invalid("checksum mismatch (edited or truncated)");
        }
        long hour = b.getLong();
        long gameId = b.getLong();
        if (hour < 0 || hour > AggregateQuery.MAX_EPOCH_SECONDS || hour % 3600 != 0) {
            throw invalid("hour out of range");
        }
        String playerId;
        try {
            playerId = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, b.position(), payload - b.position())).toString();
        } catch (CharacterCodingException e) {
            throw invalid("player id is not UTF-8");
        }
        if (PlayerId.problem(playerId) != null) {
            throw invalid("player id " + PlayerId.problem(playerId));
        }
        return new HourlyAggregates.Key(hour, playerId, gameId);
    }

    private static int checksum(byte[] bytes, int length) {
        var crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static HttpError invalid(String why) {
        return HttpError.parameter("cursor", "not a cursor from this API (" + why + "); pass next_cursor unchanged");
    }
}
