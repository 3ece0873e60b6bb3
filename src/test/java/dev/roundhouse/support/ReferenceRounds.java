package dev.roundhouse.support;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An independent, deliberately plain reading of a valid CSV (String, BigDecimal, java.time) that tests
 * compare the service against: expected rows and expected hourly aggregates.
 */
public final class ReferenceRounds {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One row as the CSV says; amounts are null when empty or NaN. */
    public record Row(long createdMillis, long gameInstanceId, String userId, long gameId,
                      BigDecimal realBet, BigDecimal bonusBet, BigDecimal realWin, BigDecimal bonusWin,
                      String gameName, String provider) {}

    /** Key of an hourly aggregate. */
    public record Group(long hourMillis, String userId, long gameId) implements Comparable<Group> {
        @Override
        public int compareTo(Group o) {
            int c = Long.compare(hourMillis, o.hourMillis);
            if (c == 0) c = userId.compareTo(o.userId);
            return c != 0 ? c : Long.compare(gameId, o.gameId);
        }
    }

    /** Rounds and the four sums of a group (nulls count as zero), all at scale 4. */
    public record Totals(long rounds, BigDecimal realBet, BigDecimal bonusBet, BigDecimal realWin, BigDecimal bonusWin) {
        static final Totals ZERO = new Totals(0, scaled(BigDecimal.ZERO), scaled(BigDecimal.ZERO), scaled(BigDecimal.ZERO), scaled(BigDecimal.ZERO));

        Totals plus(Row r) {
            return new Totals(rounds + 1, add(realBet, r.realBet), add(bonusBet, r.bonusBet), add(realWin, r.realWin), add(bonusWin, r.bonusWin));
        }

        /** Both groups' rounds and sums together. */
        public Totals plus(Totals o) {
            return new Totals(rounds + o.rounds, realBet.add(o.realBet), bonusBet.add(o.bonusBet), realWin.add(o.realWin), bonusWin.add(o.bonusWin));
        }

        private static BigDecimal add(BigDecimal sum, BigDecimal v) {
            return v == null ? sum : sum.add(scaled(v));
        }
    }

    private ReferenceRounds() {}

    public static List<Row> parse(byte[] csv, Charset charset) {
        String text = new String(csv, charset);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        List<List<String>> records = records(text);
        List<String> header = records.getFirst();
        List<Row> rows = new ArrayList<>();
        for (List<String> f : records.subList(1, records.size())) {
            Function<String, String> col = name -> f.get(header.indexOf(name));
            rows.add(new Row(
                    LocalDateTime.parse(col.apply("created_timestamp").replace('T', ' '), TIMESTAMP).toInstant(ZoneOffset.UTC).toEpochMilli(),
                    Long.parseLong(col.apply("game_instance_id")),
                    col.apply("user_id"),
                    Long.parseLong(col.apply("game_id")),
                    amount(col.apply("real_amount_bet")), amount(col.apply("bonus_amount_bet")),
                    amount(col.apply("real_amount_win")), amount(col.apply("bonus_amount_win")),
                    col.apply("game_name"), col.apply("provider")));
        }
        return rows;
    }

    public static Map<Group, Totals> hourly(List<Row> rows) {
        Map<Group, Totals> out = new TreeMap<>();
        for (Row r : rows) {
            out.merge(new Group(r.createdMillis - Math.floorMod(r.createdMillis, 3_600_000L), r.userId, r.gameId),
                    Totals.ZERO.plus(r), (a, b) -> a.plus(r));
        }
        return out;
    }

    public static BigDecimal scaled(BigDecimal v) {
        return v.setScale(4);
    }

    private static BigDecimal amount(String s) {
        return s.isEmpty() || s.equals("NaN") ? null : new BigDecimal(s);
    }

    /** RFC 4180 records: quotes, doubled quotes, separators and line breaks inside quotes, CRLF or LF. */
    private static List<List<String>> records(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> record = new ArrayList<>();
        var field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') { field.append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.append(c);
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString()); field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                record.add(field.toString()); field.setLength(0);
                out.add(record); record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            out.add(record);
        }
        return out;
    }
}
