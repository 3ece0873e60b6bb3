package dev.roundhouse.reconcile;

import dev.roundhouse.csv.RoundReader;
import dev.roundhouse.model.GameRound;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;

/**
 * Everything reconciliation needs from the CSV, gathered in one streaming pass with the uploads' reader
 * and validation: accepted rows (sorted by id), hourly groups, counts and the time range.
 */
final class CsvFacts {
    private static final int PROGRESS_EVERY = 8192;

    /** One dictionary per column: the small ones (names, providers) stay in the CPU caches. */
    final StringIds users = new StringIds();
    final StringIds names = new StringIds();
    final StringIds providers = new StringIds();
    final CsvRows rows = new CsvRows();
    final CsvGroups groups = new CsvGroups();
    long rowsRead;
    long rowsRejected;
    /** Range of created_timestamp over accepted rows (epoch seconds); min > max when there are none. */
    long minSecond = Long.MAX_VALUE;
    long maxSecond = Long.MIN_VALUE;

    private CsvFacts() {}

    /** Reads the whole CSV; CsvFormatException when it is not this CSV at all. */
    static CsvFacts read(InputStream csv, Charset forcedOrNull, Progress progress) throws IOException {
        var facts = new CsvFacts();
        try (var reader = RoundReader.open(csv, forcedOrNull)) {
            var r = new GameRound();
            long[] rejected = {0};
            while (reader.next(r, error -> rejected[0]++)) {
                int user = facts.users.id(r.userId());
                facts.rows.add(r, user, facts.names.id(r.gameName), facts.providers.id(r.provider));
                facts.groups.add(r, user);
                long second = Math.floorDiv(r.createdMillis, 1000L);
                facts.minSecond = Math.min(facts.minSecond, second);
                facts.maxSecond = Math.max(facts.maxSecond, second);
                if (facts.rows.size() % PROGRESS_EVERY == 0) progress.update(reader.bytesRead(), reader.rowsRead());
            }
            facts.rowsRead = reader.rowsRead();
            facts.rowsRejected = rejected[0];
            progress.update(reader.bytesRead(), reader.rowsRead());
        }
        facts.rows.sortById();
        return facts;
    }

    boolean isEmpty() {
        return rows.size() == 0;
    }
}
