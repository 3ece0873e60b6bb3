package dev.roundhouse.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

/**
 * Proves a CSV and the database agree: one streaming pass over the CSV (the uploads' reader and
 * validation; invalid rows are counted, not compared), then the stored rows of the CSV's
 * [min, max] created_timestamp are joined by id while, in parallel, the hourly aggregates of
 * the hours of that range are hash-joined with the CSV's own.
 *
 * <pre>{@code
 * Report report = new Reconciler(new ClickHouseRounds(client, "game_data")).run(csv, null, 1000, new Progress());
 * }</pre>
 */
public final class Reconciler {
    public static final int DEFAULT_SAMPLE_LIMIT = 1000;

    private final StoredRounds stored;

    public Reconciler(StoredRounds stored) {
        this.stored = stored;
    }

    /**
     * Reconciles one CSV body with what ClickHouse holds.
     *
     * @param forcedOrNull the CSV's charset, or null to detect it as uploads do
     * @param sampleLimit  entries kept per sample (counts are always complete)
     * @throws dev.roundhouse.csv.CsvFormatException the body is not this CSV at all
     * @throws ArithmeticException an hourly sum of the CSV leaves the range of Decimal(18, 4) arithmetic in a long
     */
    public Report run(InputStream csv, Charset forcedOrNull, int sampleLimit, Progress progress)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        CsvFacts facts = CsvFacts.read(csv, forcedOrNull, progress);
        var rowJoin = new RowJoin(facts, sampleLimit);
        var groupJoin = new GroupJoin(facts, sampleLimit);
        if (!facts.isEmpty()) {
            try (var background = Executors.newVirtualThreadPerTaskExecutor()) {
                var groups = background.submit(() -> stored.hourly(
                        CsvGroups.hourOf(facts.minSecond), CsvGroups.hourOf(facts.maxSecond), groupJoin));
                stored.rounds(facts.minSecond, facts.maxSecond, rowJoin);
                groups.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }
        Report.Rows rows = rowJoin.finish();
        Report.Aggregates aggregates = groupJoin.finish();
        boolean match = rows.missingInClickhouse().count() == 0 && rows.different().count() == 0
                && rows.extraInClickhouse().count() == 0 && aggregates.mismatches().count() == 0;
        return new Report(match ? Report.MATCH : Report.MISMATCH,
                new Report.Csv(facts.rowsRead, facts.rows.size(), facts.rowsRejected),
                rows, aggregates, (System.nanoTime() - started) / 1_000_000);
    }
}
