package dev.roundhouse.reconcile;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Consumer;

/**
 * Hash join of the stored hourly aggregates with the CSV's groups. A group on one side only is compared
 * with zero rounds and zero sums on the other, so it shows as a rounds mismatch (and any non-zero sum).
 */
final class GroupJoin implements Consumer<HourlyTotals> {
    private static final long[] NO_SUMS = new long[Amounts.COUNT];
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
        this.mismatches = new Sample<>(sampleLimit);
    }

    @Override
    public void accept(HourlyTotals stored) {
        CsvGroups groups = csv.groups;
        int user = csv.strings.find(stored.userId);
        int g = user < 0 ? -1 : groups.find(Math.toIntExact(stored.hour), user, stored.gameId);
        if (g < 0) {
            storedOnly++;
            compare(stored.hour, stored.userId, stored.gameId, 0, NO_SUMS, stored.rounds, stored.sums);
            return;
        }
        seen[g] = true;
        compare(stored.hour, stored.userId, stored.gameId, groups.rounds(g), csvSums(g), stored.rounds, stored.sums);
    }

    private long[] csvSums(int g) {
        long[] s = new long[Amounts.COUNT];
        for (int k = 0; k < Amounts.COUNT; k++) s[k] = csv.groups.sum(k, g);
        return s;
    }

    private void compare(long hour, String user, long gameId, long csvRounds, long[] csvSums, long storedRounds, long[] storedSums) {
        boolean same = true;
        if (csvRounds != storedRounds) {
            same = false;
            mismatches.add(new Report.GroupDifference(UtcTime.format(hour * 3600), user, gameId, "rounds", csvRounds, storedRounds));
        }
        for (int k = 0; k < Amounts.COUNT; k++) {
            if (csvSums[k] != storedSums[k]) {
                same = false;
                mismatches.add(new Report.GroupDifference(UtcTime.format(hour * 3600), user, gameId, Amounts.FIELDS[k],
                        Money.format(csvSums[k]), Money.format(storedSums[k])));
            }
        }
        if (same) matching++;
    }

    /** rounds first, then the amounts in column order. */
    private static int fieldOrder(String field) {
        return Arrays.asList(Amounts.FIELDS).indexOf(field);
    }

    Report.Aggregates finish() {
        CsvGroups groups = csv.groups;
        for (int g = 0; g < groups.size(); g++) {
            if (!seen[g]) {
                compare(groups.hour(g), csv.strings.value(groups.user(g)), groups.gameId(g), groups.rounds(g), csvSums(g), 0, NO_SUMS);
            }
        }
        mismatches.items().sort(BY_GROUP_AND_FIELD); // stored groups arrive in no particular order
        return new Report.Aggregates(groups.size() + storedOnly, matching,
                new Report.GroupDifferences(mismatches.count(), mismatches.items()));
    }
}
