package dev.roundhouse.sink;

import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.clickhouse.GameRoundRows;
import dev.roundhouse.clickhouse.Migrations;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Repairs the hourly aggregates after an INSERT whose answer was lost. ClickHouse writes game_rounds
 * first and then runs each materialized view; a server killed in between keeps rows that no aggregate
 * counted, and the retry (which sees the rows present) would never send them again.
 *
 * <p>For the groups (hour, user, game) of the batch's landed rows, it compares each aggregate table with
 * game_rounds. A group whose difference is exactly what the batch contributes missed the batch in that
 * view; the view's own SELECT (taken from its migration, so there is one definition) is run again for
 * those rows into its table. Any other difference is not this batch's doing and is only reported.
 * Safe from races because a user's rows all come from one partition (the record key), and each
 * partition has one writer.
 */
final class AggregateRepair {
    private static final System.Logger LOG = System.getLogger(AggregateRepair.class.getName());
    private static final Pattern VIEW = Pattern.compile(
            "CREATE MATERIALIZED VIEW\\b.*?\\bTO\\s+(\\S+)\\s+AS\\s+(SELECT\\b.*)\\s+(GROUP BY\\b.*)", Pattern.DOTALL);
    private static final String GROUP = "toUInt32(toStartOfHour(created_timestamp)), user_id, game_id";
    private static final int GROUPS_PER_STATEMENT = 1_000;
    private static final String AMOUNTS = "real_amount_bet, bonus_amount_bet, real_amount_win, bonus_amount_win";

    private record View(String table, String select, String groupBy) {}

    private record Group(long hour, String userId, long gameId) {}

    private final ClickHouseClient clickhouse;
    private final String rounds;
    private final List<View> views = new ArrayList<>();

    AggregateRepair(ClickHouseClient clickhouse, String database) {
        this.clickhouse = clickhouse;
        this.rounds = GameRoundRows.table(database);
        for (var migration : Migrations.load()) {
            String sql = migration.sqlFor(database).lines().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n"));
            var m = VIEW.matcher(sql);
            if (m.find() && sql.contains("FROM " + rounds)) {
                views.add(new View(m.group(1), m.group(2), m.group(3)));
            }
        }
    }

    /** Makes every view agree with game_rounds for the rows of {@code partition} in [first, last] stored now. */
    void repair(int partition, long first, long last) {
        String batch = "_partition = " + partition + " AND _offset BETWEEN " + first + " AND " + last;
        String groups = "(" + GROUP + ") IN (SELECT DISTINCT " + GROUP + " FROM " + rounds + " WHERE " + batch + ")";
        String sums = Arrays.stream(AMOUNTS.split(", ")).map(a -> "sum(ifNull(" + a + ", toDecimal64(0, 4)))").collect(Collectors.joining(", "));
        Map<Group, List<Long>> all = totals("SELECT " + GROUP + ", count(), " + sums + " FROM " + rounds
                + " WHERE " + groups + " GROUP BY " + GROUP);
        Map<Group, List<Long>> ofBatch = totals("SELECT " + GROUP + ", count(), " + sums + " FROM " + rounds
                + " WHERE " + batch + " GROUP BY " + GROUP);
        String merged = Arrays.stream(AMOUNTS.split(", ")).map(a -> "sumMerge(" + a + ")").collect(Collectors.joining(", "));
        for (View view : views) {
            Map<Group, List<Long>> counted = totals("SELECT toUInt32(hour), user_id, game_id, countMerge(rounds), " + merged
                    + " FROM " + view.table() + " WHERE (toUInt32(hour), user_id, game_id) IN (SELECT DISTINCT " + GROUP
                    + " FROM " + rounds + " WHERE " + batch + ") GROUP BY hour, user_id, game_id");
            List<Group> missed = new ArrayList<>();
            for (var e : all.entrySet()) {
                List<Long> have = counted.getOrDefault(e.getKey(), List.of(0L, 0L, 0L, 0L, 0L));
                List<Long> gap = minus(e.getValue(), have);
                if (gap.equals(ofBatch.get(e.getKey()))) {
                    missed.add(e.getKey());
                } else if (!gap.equals(List.of(0L, 0L, 0L, 0L, 0L))) {
                    LOG.log(Level.ERROR, view.table() + " disagrees with game_rounds for " + e.getKey() + " by " + gap
                            + ", which is not the lost batch's share; left alone");
                }
            }
            // In slices: the group list is SQL text, and a statement must stay below max_query_size (256 KiB).
            // A slice that fails is found again by the next repair (its gap is then still the batch's share).
            for (int from = 0; from < missed.size(); from += GROUPS_PER_STATEMENT) {
                String only = missed.subList(from, Math.min(missed.size(), from + GROUPS_PER_STATEMENT)).stream()
                        .map(g -> "(" + g.hour() + ", " + ClickHouseClient.quote(g.userId()) + ", " + g.gameId() + ")")
                        .collect(Collectors.joining(", "));
                clickhouse.execute("INSERT INTO " + view.table() + " " + view.select() + " WHERE " + batch
                        + " AND (" + GROUP + ") IN (" + only + ") " + view.groupBy());
            }
            if (!missed.isEmpty()) {
                LOG.log(Level.WARNING, view.table() + ": re-aggregated " + missed.size() + " groups of partition " + partition
                        + " offsets " + first + "…" + last + " that ClickHouse stored in game_rounds only");
            }
        }
    }

    private static List<Long> minus(List<Long> a, List<Long> b) {
        List<Long> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i) - b.get(i));
        }
        return out;
    }

    /** Group → [count, four sums as unscaled longs]. */
    private Map<Group, List<Long>> totals(String sql) {
        return clickhouse.query(sql, in -> {
            Map<Group, List<Long>> out = new HashMap<>();
            while (in.hasMore()) {
                var g = new Group(in.readUInt32(), in.readString(), in.readInt64());
                out.put(g, List.of(in.readUInt64(), in.readDecimal128AsLong(), in.readDecimal128AsLong(),
                        in.readDecimal128AsLong(), in.readDecimal128AsLong()));
            }
            return out;
        });
    }
}
