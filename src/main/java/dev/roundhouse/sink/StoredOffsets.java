package dev.roundhouse.sink;

import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.clickhouse.GameRoundRows;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What game_rounds already holds of each Kafka partition: ClickHouse, not the consumer group, is the
 * source of truth for where the sink resumes and for whether a failed INSERT landed after all.
 */
final class StoredOffsets {
    private final ClickHouseClient clickhouse;
    private final String table;

    StoredOffsets(ClickHouseClient clickhouse, String database) {
        this.clickhouse = clickhouse;
        this.table = GameRoundRows.table(database);
    }

    /**
     * The next offset to read per partition: max(_offset) + 1, or 0 for a partition without rows (the
     * beginning). count() tells "no rows" apart, because max() of an empty set is 0, not NULL.
     */
    Map<Integer, Long> resumeOffsets(Collection<Integer> partitions) {
        String in = partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
        Map<Integer, Long> next = new HashMap<>();
        for (int p : partitions) {
            next.put(p, 0L);
        }
        clickhouse.query("SELECT _partition, max(_offset), count() FROM " + table
                + " WHERE _partition IN (" + in + ") GROUP BY _partition", rows -> {
            while (rows.hasMore()) {
                int partition = rows.readInt32();
                long maxOffset = rows.readInt64();
                long count = rows.readUInt64();
                if (count > 0) {
                    next.put(partition, maxOffset + 1);
                }
            }
            return null;
        });
        return next;
    }

    /** The distinct offsets in [first, last] of one partition that game_rounds holds, sorted. */
    long[] presentOffsets(int partition, long first, long last) {
        return clickhouse.query("SELECT DISTINCT _offset FROM " + table + " WHERE _partition = " + partition
                + " AND _offset BETWEEN " + first + " AND " + last + " ORDER BY _offset", rows -> {
            var out = new ArrayList<Long>();
            while (rows.hasMore()) {
                out.add(rows.readInt64());
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        });
    }
}
