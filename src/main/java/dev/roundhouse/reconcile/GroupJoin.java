package dev.roundhouse.reconcile;

import dev.roundhouse.model.Column;
import dev.roundhouse.model.Money;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Consumer;

/**
 * Hash join of the stored hourly aggregates with the CSV's groups. A group on one side only is compared
 * with zero rounds and zero sums on the other, so it shows as a rounds mismatch (and any non-zero sum).
 */
final class GroupJoin implements Consumer<HourlyTotals> {
    private static final int FIELDS = 1 + Amounts.COUNT;
    private static final Comparator<Report.GroupDifference> BY_GROUP_AND_FIELD = Comparator
            .comparing(Report.GroupDifference::hour)
            .thenComparing(Report.GroupDifference::playerId)
            .thenComparingLong(Report.GroupDifference::gameId)
            .thenComparingInt(d -> fieldOrder(d.field()));

    private final CsvFacts csv;
    private final boolean[] seen;
    private final Sample<Report.GroupDifference> mismatches;
    private long storedOnly;
    private long matching;

    GroupJoin(CsvFacts csv, int sampleLimit) {
        this.csv = csv;
        this.seen = new boolean[csv.groups.size()];
        this.mismatches = new Sample<>(sampleLimit, BY_GROUP_AND_FIELD);
    }

    @Override
    public void accept(HourlyTotals stored) {
        int user = csv.users.find(stored.userId);
        int g = user < 0 ? -1 : csv.groups.find(Math.toIntExact(stored.hour), user, stored.gameId);
        if (g < 0) {
            storedOnly++;
        } else {
            seen[g] = true;
        }
        boolean same = true;
        for (int f = 0; f < FIELDS; f++) {
            long mine = g < 0 ? 0 : csvValue(f, g), theirs = f == 0 ? stored.rounds : stored.sums[f - 1];
            if (mine != theirs) {
                same = false;
                mismatch(stored.hour, stored.userId, stored.gameId, f, mine, theirs);
            }
        }
        if (same) matching++;
    }

    /** Field 0 is rounds, 1..4 the amounts. */
    private long csvValue(int f, int g) {
        return f == 0 ? csv.groups.rounds(g) : csv.groups.sum(f - 1, g);
    }

    private void mismatch(long hour, String user, long gameId, int f, long mine, long theirs) {
        String h = UtcTime.format(hour * 3600);
        mismatches.add(f == 0
                ? new Report.GroupDifference(h, user, gameId, "rounds", mine, theirs)
                : new Report.GroupDifference(h, user, gameId, Amounts.COLUMNS[f - 1].header, Money.format(mine), Money.format(theirs)));
    }

    /** rounds first, then the amounts in column order. */
    private static int fieldOrder(String field) {
        return Arrays.asList(Amounts.COLUMNS).indexOf(Column.byHeader(field)); // rounds: -1
    }

    Report.Aggregates finish() {
        CsvGroups groups = csv.groups;
        for (int g = 0; g < groups.size(); g++) {
            if (seen[g]) continue;
            for (int f = 0; f < FIELDS; f++) {
                long mine = csvValue(f, g);
                if (mine != 0) mismatch(groups.hour(g), csv.users.value(groups.user(g)), groups.gameId(g), f, mine, 0);
            }
        }
        return new Report.Aggregates(groups.size() + storedOnly, matching,
                new Report.GroupDifferences(mismatches.count(), mismatches.items()));
    }
}
