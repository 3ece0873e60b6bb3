package dev.roundhouse.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.model.GameRound;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reader's buffers refill at arbitrary places (mid field, mid quote, mid code unit): reading the same
 * bytes in tiny random pieces must give exactly what reading them whole gives.
 */
class ChunkedInputTest {
    /** Quotes with line breaks and doubled quotes, invalid rows, empty lines: every path of the tokenizer. */
    private static final String MIXED = Csv.ROW + "\r\n"
            + "2024-03-01 12:34:57,7,u1,1,1,,\"2.5\",NaN,\"multi\nline \"\"name\"\"\",p\n\n"
            + "2024-03-01 12:34:58,8,u2,1,x,1,1,1,g,p\r"
            + "2024-03-01 12:34:59,9,u\"3,1,1,1,1,1,g,p\n"
            + "2024-03-01 12:35:00,10,u4,1,1,1,1,1,\"g\"junk,p\n"
            + "2024-03-01 12:35:01,11,u5,1,1,1,1,1,g\n";

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-8"})
    void generatedDataReadInPiecesEqualsWholeRead(String charset) {
        Charset cs = Charset.forName(charset);
        byte[] data = RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(3_000).withCharset(cs).withCrlf(true));
        assertSameResult(Csv.read(data), Csv.read(pieces(data, 1), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-8"})
    void mixedRecordsReadInPiecesEqualWholeRead(String charset) {
        StringBuilder sb = new StringBuilder(Csv.HEADER).append('\n');
        for (int i = 0; i < 2_000; i++) sb.append(MIXED.replace(",7,", "," + (100 + i) + ","));
        byte[] data = sb.toString().getBytes(Charset.forName(charset));
        Csv.Result whole = Csv.read(data);
        assertEquals(2_000 + 1, whole.rows().size()); // Csv.ROW's id repeats: only the first is valid
        assertSameResult(whole, Csv.read(pieces(data, 2), null));
    }

    private static void assertSameResult(Csv.Result expected, Csv.Result actual) {
        assertEquals(expected.errors(), actual.errors());
        assertEquals(expected.rowsRead(), actual.rowsRead());
        assertEquals(fields(expected.rows()), fields(actual.rows()));
    }

    private static List<List<Object>> fields(List<GameRound> rows) {
        return rows.stream().map(r -> List.<Object>of(r.line, r.createdMillis, r.gameInstanceId, r.userId(), r.gameId,
                r.realAmountBet, r.bonusAmountBet, r.realAmountWin, r.bonusAmountWin, r.gameName, r.provider)).toList();
    }

    /** Hands out 1..9 bytes per read, at random. */
    private static InputStream pieces(byte[] data, long seed) {
        Random rnd = new Random(seed);
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + rnd.nextInt(9)));
            }
        };
    }
}
