package dev.roundhouse.csv;

import dev.roundhouse.model.GameRound;
import dev.roundhouse.model.RowError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: build uploads and read them back completely. */
final class Csv {
    static final String HEADER =
            "created_timestamp,game_instance_id,user_id,game_id,real_amount_bet,bonus_amount_bet,real_amount_win,bonus_amount_win,game_name,provider";
    static final String ROW = "2024-03-01 12:34:56,20001,872de53a900f3250ae5649ea19e5c0d1,12345,0.05,,12.50,NaN,Book of Dead,\"Play'n GO\"";

    record Result(List<GameRound> rows, List<RowError> errors, long rowsRead, Charset charset) {}

    static byte[] bytes(String text, Charset cs, byte... bom) {
        byte[] body = text.getBytes(cs);
        byte[] out = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, out, 0, bom.length);
        System.arraycopy(body, 0, out, bom.length, body.length);
        return out;
    }

    /** UTF-16BE code units as they are, unpaired surrogates included (String.getBytes would replace them). */
    static byte[] utf16(String text) {
        byte[] out = new byte[text.length() * 2];
        for (int i = 0; i < text.length(); i++) {
            out[2 * i] = (byte) (text.charAt(i) >> 8);
            out[2 * i + 1] = (byte) text.charAt(i);
        }
        return out;
    }

    static Result read(byte[] input) {
        return read(input, null);
    }

    static Result read(byte[] input, Charset forced) {
        return read(new ByteArrayInputStream(input), forced);
    }

    static Result read(InputStream input, Charset forced) {
        try (RoundReader r = RoundReader.open(input, forced)) {
            List<GameRound> rows = new ArrayList<>();
            List<RowError> errors = new ArrayList<>();
            GameRound g = new GameRound();
            while (r.next(g, errors::add)) rows.add(g.copy());
            return new Result(rows, errors, r.rowsRead(), r.charset());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads HEADER + rows (LF-separated, trailing LF) as UTF-16BE. */
    static Result readRows(String... rows) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (String r : rows) sb.append(r).append('\n');
        return read(utf16(sb.toString()));
    }

    /** ROW with column i (header order) replaced. */
    static String rowWith(int column, String value) {
        String[] f = {"2024-03-01 12:34:56", "20001", "872de53a900f3250ae5649ea19e5c0d1", "12345", "0.05", "", "12.50", "NaN",
            "Book of Dead", "\"Play'n GO\""};
        f[column] = value;
        return String.join(",", f);
    }
}
