package dev.roundhouse.reconcile;

import dev.roundhouse.csv.Money;
import dev.roundhouse.csv.GameRound;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Merge join of the CSV's rows (sorted by id) with the stored rows (arriving in id order). A stored id
 * the CSV lacks, or a second stored copy of an id, is extra; a CSV id never met is missing; a pair is
 * compared field by field.
 */
final class RowJoin implements Consumer<GameRound> {
    private final CsvFacts csv;
    private final Sample<Long> missing;
    private final Sample<Long> extra;
    private final Sample<Report.RowDifference> different;
    private int next;
    private long compared;

    RowJoin(CsvFacts csv, int sampleLimit) {
        this.csv = csv;
        this.missing = new Sample<>(sampleLimit);
        this.extra = new Sample<>(sampleLimit);
        this.different = new Sample<>(sampleLimit);
    }

    @Override
    public void accept(GameRound stored) {
        CsvRows rows = csv.rows;
        while (next < rows.size() && rows.id(next) < stored.gameInstanceId) missing.add(rows.id(next++));
        if (next < rows.size() && rows.id(next) == stored.gameInstanceId) {
            compare(next++, stored);
            compared++;
        } else {
            extra.add(stored.gameInstanceId);
        }
    }

    private void compare(int i, GameRound stored) {
        CsvRows rows = csv.rows;
        long second = Math.floorDiv(stored.createdMillis, 1000L);
        if (rows.second(i) != second) differ(i, "created_timestamp", UtcTime.format(rows.second(i)), UtcTime.format(second));
        compareText(i, "user_id", csv.users.value(rows.user(i)), stored.userId());
        if (rows.gameId(i) != stored.gameId) differ(i, "game_id", rows.gameId(i), stored.gameId);
        for (int k = 0; k < Amounts.COUNT; k++) {
            long mine = rows.amount(k, i), theirs = Amounts.of(stored, k);
            if (mine != theirs) differ(i, Amounts.FIELDS[k], Money.formatNullable(mine), Money.formatNullable(theirs));
        }
        compareText(i, "game_name", csv.names.value(rows.name(i)), stored.gameName);
        compareText(i, "provider", csv.providers.value(rows.provider(i)), stored.provider);
    }

    private void compareText(int i, String field, String mine, String stored) {
        if (!Objects.equals(mine, stored)) differ(i, field, mine, stored);
    }

    private void differ(int i, String field, Object mine, Object stored) {
        different.add(new Report.RowDifference(csv.rows.id(i), field, mine, stored));
    }

    Report.Rows finish() {
        while (next < csv.rows.size()) missing.add(csv.rows.id(next++));
        return new Report.Rows(compared,
                new Report.Ids(missing.count(), missing.items()),
                new Report.RowDifferences(different.count(), different.items()),
                new Report.Ids(extra.count(), extra.items()));
    }
}
