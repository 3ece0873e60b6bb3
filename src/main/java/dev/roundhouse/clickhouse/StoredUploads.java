package dev.roundhouse.clickhouse;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** How many rows of each upload game_rounds holds: an upload's ingest progress, against its rows_accepted. */
public final class StoredUploads {
    private final ClickHouseTopology clickhouse;

    public StoredUploads(ClickHouseTopology clickhouse) {
        this.clickhouse = clickhouse;
    }

    /**
     * Rows stored per upload id (absent ids have none). One query for a whole page; it reads the upload_id column
     * of every part, as no index leads with it (a few hundred ms per 10 M rows stored), which a status poll can bear.
     */
    public Map<String, Long> rowCounts(Collection<String> uploadIds) {
        Map<String, Long> counts = new HashMap<>();
        if (uploadIds.isEmpty()) {
            return counts;
        }
        String in = uploadIds.stream().map(ClickHouseClient::quote).collect(Collectors.joining(","));
        clickhouse.reader().query("SELECT upload_id, count() FROM " + clickhouse.readTable(GameRoundRows.TABLE)
                + " WHERE upload_id IN (" + in + ") GROUP BY upload_id", rows -> {
            while (rows.hasMore()) {
                counts.put(rows.readString(), rows.readUInt64());
            }
            return null;
        });
        return counts;
    }
}
