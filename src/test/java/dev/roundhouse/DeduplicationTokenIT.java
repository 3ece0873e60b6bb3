package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.clickhouse.GameRoundRows;
import dev.roundhouse.clickhouse.RowBinaryWriter;
import dev.roundhouse.clickhouse.ServerFeatures;
import dev.roundhouse.csv.RoundReader;
import dev.roundhouse.model.GameRound;
import dev.roundhouse.support.LandedRounds;
import dev.roundhouse.support.ReferenceRounds;
import dev.roundhouse.support.TestService;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the zombie fencing rests on, on the real ClickHouse: an INSERT carrying a deduplication token already seen
 * is dropped from game_rounds and from both aggregate tables (on 26.7 the views' tables drop it only because they
 * have the deduplication window too), and the same rows under another token are kept. Current ClickHouse only.
 */
class DeduplicationTokenIT {
    @Test
    void aSecondInsertWithTheSameTokenIsDroppedEverywhere() throws Exception {
        try (var service = TestService.start(Map.of("ROUNDHOUSE_SINK", "off"));
             var clickhouse = ClickHouseClient.from(service.config())) {
            ServerFeatures features = ServerFeatures.of(clickhouse);
            assumeTrue(features.deduplicationTokens(), "ClickHouse " + features.version() + " has no insert_deduplication_token");
            String database = service.config().clickhouseDatabase();
            byte[] csv = SinkIT.file(2_000, 91, 9_100_000);
            RowBinaryWriter rows = rows(csv);
            String table = GameRoundRows.table(database);

            clickhouse.insert(table, GameRoundRows.COLUMNS, rows, features.insertSettings("t:0:0-1999:u"));
            clickhouse.insert(table, GameRoundRows.COLUMNS, rows, features.insertSettings("t:0:0-1999:u")); // the zombie's, late
            var stored = new LandedRounds(clickhouse, database);
            var once = ReferenceRounds.parse(csv, StandardCharsets.UTF_16BE);
            assertEquals(2_000, stored.awaitCount(2_000, Duration.ofSeconds(10)));
            SinkIT.assertExact(stored, once);

            clickhouse.insert(table, GameRoundRows.COLUMNS, rows, features.insertSettings("t:0:0-1999:other"));
            assertEquals(4_000, stored.count(), "another token is another batch");
            assertEquals(2_000, stored.duplicates(), "the same (_partition, _offset) twice: it was inserted again on purpose");
        }
    }

    private static RowBinaryWriter rows(byte[] csv) throws Exception {
        var out = new RowBinaryWriter();
        try (var reader = RoundReader.open(new ByteArrayInputStream(csv), null)) {
            var r = new GameRound();
            long offset = 0;
            while (reader.next(r, e -> { throw new AssertionError(e.toString()); })) {
                GameRoundRows.write(out, r, "dedup-it", 0, offset++);
            }
        }
        return out;
    }
}
