package dev.roundhouse.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.csv.CsvFormatException;
import dev.roundhouse.csv.RoundReader;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.model.GameRound;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The joins and the comparison on small in-memory inputs (no ClickHouse). */
class ReconcilerTest {
    private static final String A = "2024-03-01 10:15:00,101,aaaa,7,0.10,,0.05,NaN,Book,\"Play'n GO\"";
    private static final String B = "2024-03-01 10:45:00,102,aaaa,7,1.5,0,0,0,Book,\"Play'n GO\"";
    private static final String C = "2024-03-01 11:05:00,103,bbbb,8,2,0,3.25,0,\"Gonzo's Quest, Megaways\",NetEnt";

    @Test
    void identicalSidesMatch() throws Exception {
        String csv = csv(A, B, C);
        Report report = reconcile(csv, stored(csv), 1000);

        assertEquals(Report.MATCH, report.status());
        assertEquals(new Report.Csv(3, 3, 0), report.csv());
        assertEquals(3, report.rows().compared());
        assertEquals(2, report.aggregates().groupsCompared());
        assertEquals(2, report.aggregates().groupsMatching());
        assertEquals(0, report.aggregates().mismatches().count());
    }

    @Test
    void everyKindOfDifferenceIsReportedFieldByField() throws Exception {
        // stored: A with a NULL real win and another provider, C twice, 104 extra; CSV: B only here, plus an invalid row
        String stored = csv(A.replace("0.05,NaN", ",NaN").replace("\"Play'n GO\"", "NetEnt"),
                C, "2024-03-01 11:00:30,104,bbbb,8,1,0,0,0,X,Y");
        List<GameRound> storedRows = rows(stored);
        storedRows.add(storedRows.get(1).copy());
        String csv = csv(A, B, C, "2024-03-01 11:00:00,105,cccc,9,-1,0,0,0,X,Y");

        Report report = reconcile(csv, new InMemory(storedRows), 1000);

        assertEquals(Report.MISMATCH, report.status());
        assertEquals(new Report.Csv(4, 3, 1), report.csv());
        assertEquals(2, report.rows().compared());
        assertEquals(List.of(102L), report.rows().missingInClickhouse().sample());
        assertEquals(List.of(103L, 104L), report.rows().extraInClickhouse().sample()); // the second copy of 103, and 104
        assertEquals(List.of(
                new Report.RowDifference(101, "real_amount_win", "0.05", null),
                new Report.RowDifference(101, "provider", "Play'n GO", "NetEnt")), report.rows().different().sample());

        // 10:00 aaaa/7: CSV has A+B, stored only A (win NULL = 0); 11:00 bbbb/8: stored has C twice and 104
        assertEquals(List.of(
                new Report.GroupDifference("2024-03-01 10:00:00", "aaaa", 7, "rounds", 2L, 1L),
                new Report.GroupDifference("2024-03-01 10:00:00", "aaaa", 7, "real_amount_bet", "1.60", "0.10"),
                new Report.GroupDifference("2024-03-01 10:00:00", "aaaa", 7, "real_amount_win", "0.05", "0.00"),
                new Report.GroupDifference("2024-03-01 11:00:00", "bbbb", 8, "rounds", 1L, 3L),
                new Report.GroupDifference("2024-03-01 11:00:00", "bbbb", 8, "real_amount_bet", "2.00", "5.00"),
                new Report.GroupDifference("2024-03-01 11:00:00", "bbbb", 8, "real_amount_win", "3.25", "6.50")),
                report.aggregates().mismatches().sample());
        assertEquals(2, report.aggregates().groupsCompared());
        assertEquals(0, report.aggregates().groupsMatching());
    }

    @Test
    void groupsOnOneSideOnlyAreComparedWithZeros() throws Exception {
        Report report = reconcile(csv(A), stored(csv(A.replace("aaaa", "zzzz"))), 1000);

        assertEquals(2, report.aggregates().groupsCompared());
        assertEquals(0, report.aggregates().groupsMatching());
        assertEquals(List.of(
                new Report.GroupDifference("2024-03-01 10:00:00", "aaaa", 7, "rounds", 1L, 0L),
                new Report.GroupDifference("2024-03-01 10:00:00", "aaaa", 7, "real_amount_bet", "0.10", "0.00"),
                new Report.GroupDifference("2024-03-01 10:00:00", "aaaa", 7, "real_amount_win", "0.05", "0.00"),
                new Report.GroupDifference("2024-03-01 10:00:00", "zzzz", 7, "rounds", 0L, 1L),
                new Report.GroupDifference("2024-03-01 10:00:00", "zzzz", 7, "real_amount_bet", "0.00", "0.10"),
                new Report.GroupDifference("2024-03-01 10:00:00", "zzzz", 7, "real_amount_win", "0.00", "0.05")),
                report.aggregates().mismatches().sample());
        assertEquals(List.of(new Report.RowDifference(101, "user_id", "aaaa", "zzzz")), report.rows().different().sample());
    }

    @Test
    void rowsOutOfIdOrderAreSortedBeforeTheJoin() throws Exception {
        String sorted = csv(A, B, C);
        Report report = reconcile(csv(C, A, B), stored(sorted), 1000);
        assertEquals(Report.MATCH, report.status(), report.toString());
        assertEquals(3, report.rows().compared());
    }

    @Test
    void samplesAreCappedCountsAreNot() throws Exception {
        var lines = new ArrayList<String>();
        for (int i = 0; i < 50; i++) lines.add("2024-03-01 10:00:" + (10 + i) + "," + (1000 + i) + ",aaaa,7,1,0,0,0,Book,P");
        Report report = reconcile(csv(lines.toArray(String[]::new)), new InMemory(new ArrayList<>()), 3);

        assertEquals(50, report.rows().missingInClickhouse().count());
        assertEquals(List.of(1000L, 1001L, 1002L), report.rows().missingInClickhouse().sample());
        assertEquals(2, report.aggregates().mismatches().count()); // rounds and real_amount_bet of one group
    }

    @Test
    void samplesAreTheFirstInReportOrderWhateverOrderTheStoredSideArrivesIn() throws Exception {
        var csvLines = new ArrayList<String>();
        var storedLines = new ArrayList<String>();
        for (int i = 0; i < 50; i++) {
            String row = "2024-03-01 10:00:" + (10 + i) + "," + (1000 + i) + ",u" + (i % 7) + ",7,1,0,0,0,Book,P";
            csvLines.add(row);
            storedLines.add(row.replace(",P", ",Q")); // every row differs in provider
            storedLines.add(row.replace("," + (1000 + i) + ",", "," + (2000 + i) + ",")); // and has an extra twin
        }
        // handed over in descending id order (InMemory), so the first differences arrive last
        Report report = reconcile(csv(csvLines.toArray(String[]::new)), stored(csv(storedLines.toArray(String[]::new))), 3);

        assertEquals(50, report.rows().compared());
        assertEquals(50, report.rows().different().count());
        assertEquals(List.of(
                new Report.RowDifference(1000, "provider", "P", "Q"),
                new Report.RowDifference(1001, "provider", "P", "Q"),
                new Report.RowDifference(1002, "provider", "P", "Q")), report.rows().different().sample());
        assertEquals(50, report.rows().extraInClickhouse().count());
        assertEquals(List.of(2000L, 2001L, 2002L), report.rows().extraInClickhouse().sample());
        assertEquals(0, report.rows().missingInClickhouse().count());
        // 7 groups (u0..u6, game 7, 10:00), each with twice the CSV's rounds and bets in the database
        assertEquals(14, report.aggregates().mismatches().count());
        assertEquals(List.of(
                new Report.GroupDifference("2024-03-01 10:00:00", "u0", 7, "rounds", 8L, 16L),
                new Report.GroupDifference("2024-03-01 10:00:00", "u0", 7, "real_amount_bet", "8.00", "16.00"),
                new Report.GroupDifference("2024-03-01 10:00:00", "u1", 7, "rounds", 7L, 14L)),
                report.aggregates().mismatches().sample());
    }

    @Test
    void anEmptyCsvMatchesWithoutAskingTheDatabase() throws Exception {
        StoredRounds refuse = new StoredRounds() {
            @Override public void rounds(long from, long to, Consumer<GameRound> each) { throw new AssertionError(); }
            @Override public void hourly(long from, long to, Consumer<HourlyTotals> each) { throw new AssertionError(); }
        };
        Report report = reconcile(csv(), refuse, 10);
        assertEquals(Report.MATCH, report.status());
        assertEquals(new Report.Csv(0, 0, 0), report.csv());
    }

    @Test
    void notThisCsvFailsBeforeAnyComparison() {
        assertThrows(CsvFormatException.class, () -> reconcile("a,b\n1,2\n", new InMemory(List.of()), 10));
    }

    @Test
    void progressEndsAtTheWholeInput() throws Exception {
        String csv = csv(A, B, C);
        var progress = new Progress();
        new Reconciler(stored(csv)).run(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8, 10, progress);
        assertEquals(csv.getBytes(StandardCharsets.UTF_8).length, progress.bytesRead());
        assertEquals(3, progress.rowsRead());
    }

    @Test
    void idOrderSortsAnyPermutation() {
        var random = new SplittableRandom(5);
        for (int n : new int[] {0, 1, 2, 3, 7, 64, 1000, 4097}) {
            long[] keys = random.longs(n, -1_000, 1_000).toArray();
            int[] order = IdOrder.of(keys, n);
            for (int i = 1; i < n; i++) assertTrue(keys[order[i - 1]] <= keys[order[i]]);
            assertEquals(n, Arrays.stream(order).distinct().count());
        }
    }

    // ---- helpers ----

    private static Report reconcile(String csv, StoredRounds stored, int sampleLimit) throws Exception {
        return new Reconciler(stored).run(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8, sampleLimit, new Progress());
    }

    private static String csv(String... lines) {
        return RoundsGenerator.HEADER + "\n" + String.join("\n", lines) + (lines.length > 0 ? "\n" : "");
    }

    private static InMemory stored(String csv) throws IOException {
        return new InMemory(rows(csv));
    }

    private static List<GameRound> rows(String csv) throws IOException {
        var out = new ArrayList<GameRound>();
        try (var reader = RoundReader.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)) {
            var r = new GameRound();
            while (reader.next(r, e -> {})) out.add(r.copy());
        }
        return out;
    }

    /** Stored rows (handed over in descending id order: the join must not need any order) and the aggregates a materialized view would have made of them. */
    private record InMemory(List<GameRound> rows) implements StoredRounds {
        @Override
        public void rounds(long fromSecond, long toSecond, Consumer<GameRound> each) {
            rows.stream().filter(r -> r.createdMillis / 1000 >= fromSecond && r.createdMillis / 1000 <= toSecond)
                    .sorted(Comparator.comparingLong((GameRound r) -> r.gameInstanceId).reversed()).forEach(each);
        }

        @Override
        public void hourly(long fromHour, long toHour, Consumer<HourlyTotals> each) {
            Map<String, HourlyTotals> groups = new TreeMap<>();
            for (GameRound r : rows) {
                long hour = r.createdMillis / 3_600_000L;
                if (hour < fromHour || hour > toHour) continue;
                var t = groups.computeIfAbsent(hour + "|" + r.userId() + "|" + r.gameId, k -> {
                    var n = new HourlyTotals();
                    n.hour = hour;
                    n.userId = r.userId();
                    n.gameId = r.gameId;
                    return n;
                });
                t.rounds++;
                for (int k = 0; k < 4; k++) {
                    long v = Amounts.of(r, k);
                    if (v != GameRound.MISSING) t.sums[k] += v;
                }
            }
            groups.values().forEach(each);
        }
    }
}
