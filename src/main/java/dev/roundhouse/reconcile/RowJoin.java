package dev.roundhouse.reconcile;

import dev.roundhouse.model.Column;
import dev.roundhouse.model.GameRound;
import dev.roundhouse.model.Money;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Join of the stored rows, in any order, with the CSV's rows (sorted by id): each stored row finds its CSV
 * row by id. A stored id the CSV lacks, or a copy of an id already met, is extra; a CSV id never met is
 * missing; a pair is compared field by field. Samples are the first in id order (then column order).
 */
@SuppressWarnings("EnumOrdinal") // differences of one row are listed in Column order, the CSV header's
final class RowJoin implements Consumer<GameRound> {
    private static final Comparator<Report.RowDifference> BY_ID_AND_COLUMN = Comparator
            .comparingLong(Report.RowDifference::gameInstanceId)
            .thenComparingInt(d -> Column.byHeader(d.field()).ordinal());

    private final CsvFacts csv;
    private final boolean[] met;
    private final Sample<Long> extra;
    private final Sample<Report.RowDifference> different;
    private final int sampleLimit;
    private int hint;
    private long compared;

    RowJoin(CsvFacts csv, int sampleLimit) {
        this.csv = csv;
        this.met = new boolean[csv.rows.size()];
        this.sampleLimit = sampleLimit;
        this.extra = new Sample<>(sampleLimit, Comparator.naturalOrder());
        this.different = new Sample<>(sampleLimit, BY_ID_AND_COLUMN);
    }

    @Override
    public void accept(GameRound stored) {
        int i = csv.rows.indexOf(stored.gameInstanceId, hint);
        if (i < 0 || met[i]) {
            extra.add(stored.gameInstanceId);
            return;
        }
        met[i] = true;
        hint = i + 1;
        compare(i, stored);
        compared++;
    }

    private void compare(int i, GameRound stored) {
        CsvRows rows = csv.rows;
        long second = Math.floorDiv(stored.createdMillis, 1000L);
        if (rows.second(i) != second) differ(i, Column.CREATED_TIMESTAMP, UtcTime.format(rows.second(i)), UtcTime.format(second));
        compareText(i, Column.USER_ID, csv.users.value(rows.user(i)), stored.userId());
        if (rows.gameId(i) != stored.gameId) differ(i, Column.GAME_ID, rows.gameId(i), stored.gameId);
        for (int k = 0; k < Amounts.COUNT; k++) {
            long mine = rows.amount(k, i), theirs = Amounts.of(stored, k);
            if (mine != theirs) differ(i, Amounts.COLUMNS[k], Money.formatNullable(mine), Money.formatNullable(theirs));
        }
        compareText(i, Column.GAME_NAME, csv.names.value(rows.name(i)), stored.gameName);
        compareText(i, Column.PROVIDER, csv.providers.value(rows.provider(i)), stored.provider);
    }

    private void compareText(int i, Column field, String mine, String stored) {
        if (!Objects.equals(mine, stored)) differ(i, field, mine, stored);
    }

    private void differ(int i, Column field, Object mine, Object stored) {
        different.add(new Report.RowDifference(csv.rows.id(i), field.header, mine, stored));
    }

    Report.Rows finish() {
        var missing = new Sample<Long>(sampleLimit, Comparator.naturalOrder());
        for (int i = 0; i < met.length; i++) {
            if (!met[i]) missing.add(csv.rows.id(i));
        }
        return new Report.Rows(compared,
                new Report.Ids(missing.count(), missing.items()),
                new Report.RowDifferences(different.count(), different.items()),
                new Report.Ids(extra.count(), extra.items()));
    }
}
