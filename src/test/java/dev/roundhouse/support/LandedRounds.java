package dev.roundhouse.support;

import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.clickhouse.RowBinaryReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What ClickHouse holds for a test's database, in {@link ReferenceRounds}' terms so the two compare with
 * equals: totals of game_rounds, and the hourly aggregate tables read as queries/README.md documents.
 */
public final class LandedRounds {
    private final ClickHouseClient clickhouse;
    private final String database;

    public LandedRounds(ClickHouseClient clickhouse, String database) {
        this.clickhouse = clickhouse;
        this.database = database;
    }

    /** Expected totals over all rows: the sum of the reference's hourly groups. */
    public static ReferenceRounds.Totals overall(Map<ReferenceRounds.Group, ReferenceRounds.Totals> hourly) {
        var t = ReferenceRounds.Totals.ZERO;
        for (var g : hourly.values()) {
            t = t.plus(g);
        }
        return t;
    }

    public long count() {
        return clickhouse.queryLong("SELECT count() FROM " + database + ".game_rounds");
    }

    /** Rows whose (partition, offset) another row also has: 0 when nothing was inserted twice. */
    public long duplicates() {
        return clickhouse.queryLong("SELECT count() - uniqExact(_partition, _offset) FROM " + database + ".game_rounds");
    }

    /** Waits (polling, at most {@code patience}) until game_rounds holds {@code expected} rows; returns the last count. */
    public long awaitCount(long expected, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        // An INSERT's rows are visible in game_rounds a moment before its views' rows: wait for all three.
        while (!(count() == expected && aggregatedRounds("hourly_by_player") == expected
                && aggregatedRounds("hourly_by_game") == expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return count();
    }

    private long aggregatedRounds(String table) {
        return clickhouse.queryLong("SELECT countMerge(rounds) FROM " + database + "." + table);
    }

    /** Row count and the four exact sums of game_rounds (NULL amounts as 0). */
    public ReferenceRounds.Totals totals() {
        return clickhouse.query("SELECT count(), " + sums("sum(ifNull(%s, toDecimal64(0, 4)))") + " FROM " + database + ".game_rounds",
                in -> { in.hasMore(); return readTotals(in); });
    }

    /** The hourly aggregates of {@code table} (hourly_by_player or hourly_by_game), merged per key. */
    public Map<ReferenceRounds.Group, ReferenceRounds.Totals> hourly(String table) {
        return clickhouse.query("SELECT hour, user_id, game_id, countMerge(rounds), " + sums("sumMerge(%s)")
                + " FROM " + database + "." + table + " GROUP BY hour, user_id, game_id", in -> {
            Map<ReferenceRounds.Group, ReferenceRounds.Totals> out = new TreeMap<>();
            while (in.hasMore()) {
                var group = new ReferenceRounds.Group(in.readDateTime() * 1000L, in.readString(), in.readInt64());
                out.put(group, readTotals(in));
            }
            return out;
        });
    }

    public void optimizeAggregates() {
        clickhouse.execute("OPTIMIZE TABLE " + database + ".hourly_by_player FINAL");
        clickhouse.execute("OPTIMIZE TABLE " + database + ".hourly_by_game FINAL");
    }

    private static String sums(String pattern) {
        return String.join(", ", pattern.formatted("real_amount_bet"), pattern.formatted("bonus_amount_bet"),
                pattern.formatted("real_amount_win"), pattern.formatted("bonus_amount_win"));
    }

    private static ReferenceRounds.Totals readTotals(RowBinaryReader in) throws IOException {
        return new ReferenceRounds.Totals(in.readUInt64(), decimal(in), decimal(in), decimal(in), decimal(in));
    }

    private static BigDecimal decimal(RowBinaryReader in) throws IOException {
        return BigDecimal.valueOf(in.readDecimal128AsLong(), 4);
    }
}
