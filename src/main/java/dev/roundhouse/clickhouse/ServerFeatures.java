package dev.roundhouse.clickhouse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the ClickHouse server (its {@code SELECT version()}) lets the service use. The gates are release
 * versions from ClickHouse's changelog, not probes, so every instance decides the same way:
 * <ul>
 *   <li>{@code insert_deduplication_token} arrived in 22.2; with {@code non_replicated_deduplication_window}
 *       on a plain MergeTree, a second INSERT carrying a token already seen is dropped. The sink uses it so a
 *       fenced-out (zombie) instance's late INSERT of a batch another instance re-inserted does not land twice.</li>
 *   <li>{@code parallel_view_processing} pushes an INSERT into both materialized views at once. It exists in
 *       18.16 too, but was measured only on the current engine (26.7: 2.1 M rows 14.5–16.7 s → 12.2 s,
 *       an upload-shaped batch 3.2–3.4 s → 2.6 s), so it is used from the same 22.2 line.</li>
 *   <li>{@code async_insert=0}: ClickHouse 26.3 LTS (and the 26.7 engine of the local stack) turn asynchronous
 *       inserts on by default. The sink's exactly-once rests on "the INSERT answered 200, so its block is stored
 *       as one part, under its token", which only a synchronous INSERT gives. The setting exists from 21.11;
 *       it is sent from the 22.2 line with the rest.</li>
 *   <li>{@code optimize_on_insert=0}: the aggregate tables need not merge each inserted block's equal keys at
 *       insert time (background merges and the {@code -Merge} reads do it anyway). Measured on 26.7, ClickHouse's
 *       own insert of the 2.1 M independent rows into our schema: 23.1 / 25.5 → 19.9 / 20.3 CPU s (−17 %), results
 *       exact. It exists from 20.10; sent from the 22.2 line.</li>
 * </ul>
 */
public record ServerFeatures(String version, int major, int minor) {
    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");
    /** Blocks per table whose tokens a MergeTree remembers; see {@link #deduplicationWindow()}. */
    private static final int DEDUPLICATION_WINDOW = 10_000;

    /** Parses a {@code version()} answer such as {@code 18.16.1} or {@code 26.7.2.1}. */
    public static ServerFeatures of(String version) {
        Matcher m = MAJOR_MINOR.matcher(version.trim());
        if (!m.find()) {
            throw new IllegalArgumentException("not a ClickHouse version: " + version);
        }
        return new ServerFeatures(version.trim(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Reads the server's version. */
    public static ServerFeatures of(ClickHouseClient clickhouse) {
        return of(clickhouse.queryText("SELECT version()"));
    }

    /** Insert deduplication tokens (22.2 and later). */
    public boolean deduplicationTokens() {
        return atLeast(22, 2);
    }

    /** Parallel materialized-view processing on sink INSERTs (see the class comment). */
    public boolean parallelViews() {
        return atLeast(22, 2);
    }

    /**
     * Blocks per table whose deduplication tokens are kept (non_replicated_deduplication_window). A zombie's
     * late INSERT is dropped only while its token is among the table's last this many blocks: at 100k rows per
     * INSERT that is about a billion rows of ingest after the batch, far more than a frozen instance misses.
     * Each remembered token is a few dozen bytes in the table's deduplication log.
     */
    public int deduplicationWindow() {
        return DEDUPLICATION_WINDOW;
    }

    /** The URL settings of one sink INSERT of a batch named {@code token} (ignored where tokens are unsupported). */
    public Map<String, String> insertSettings(String token) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (deduplicationTokens()) {
            settings.put("insert_deduplication_token", token);
        }
        if (parallelViews()) {
            settings.put("parallel_view_processing", "1");
        }
        if (atLeast(22, 2)) {
            settings.put("async_insert", "0");
            settings.put("optimize_on_insert", "0");
        }
        return settings;
    }

    /** The names of the features in use, for the start-up log and /health. */
    public List<String> inUse() {
        return insertSettings("").keySet().stream().toList();
    }

    private boolean atLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || (major == wantMajor && minor >= wantMinor);
    }
}
