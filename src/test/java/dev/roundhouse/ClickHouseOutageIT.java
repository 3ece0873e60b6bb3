package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.support.LandedRounds;
import dev.roundhouse.support.PrivateClickHouse;
import dev.roundhouse.support.ReferenceRounds;
import dev.roundhouse.support.TestService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ClickHouse killed (kill -9) in the middle of ingesting an upload, down for 30 s, then started again:
 * the sink waits and retries (never skips; INSERTs whose answer was lost are checked against what
 * landed), and afterwards rows, sums and aggregates are exact and a reconciliation of the file matches.
 * Uses a private ClickHouse server, never the shared one.
 */
class ClickHouseOutageIT {
    private static final int ROWS = 150_000;
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Duration OUTAGE = Duration.ofSeconds(30); // the "ClickHouse stopped 30 s during ingest"

    @Test
    void clickHouseDownMidIngestThenBackIsExact() throws Exception {
        try (var server = PrivateClickHouse.start(Path.of("target", "clickhouse-outage"));
             var service = TestService.start(Map.of("CLICKHOUSE_URL", server.url(), "ROUNDHOUSE_SINK_BATCH_ROWS", "5000"));
             var clickhouse = ClickHouseClient.from(service.config())) {
            var stored = new LandedRounds(clickhouse, service.config().clickhouseDatabase());
            byte[] csv = SinkIT.file(ROWS, 31, 5_000_000);
            List<ReferenceRounds.Row> sent = SinkIT.upload(service, csv);

            long deadline = System.nanoTime() + PATIENCE.toNanos();
            long seen = stored.count();
            while ((seen == 0 || seen == ROWS) && System.nanoTime() < deadline) {
                assertTrue(seen < ROWS, "the whole upload landed before ClickHouse could be killed");
                Thread.sleep(10);
                seen = stored.count();
            }
            server.kill9(); // a graceful stop lets the INSERTs in flight finish; this cuts them off
            long retriesBefore = service.app().sink().orElseThrow().metrics().retries();
            Thread.sleep(OUTAGE.toMillis());
            long retriesDuringOutage = service.app().sink().orElseThrow().metrics().retries() - retriesBefore;
            server.startAgain();
            System.out.printf("ClickHouse outage: killed at %d of %d rows, %d retries while down%n", seen, ROWS, retriesDuringOutage);
            assertTrue(retriesDuringOutage > 0, "the sink kept trying while ClickHouse was down");

            assertEquals(ROWS, stored.awaitCount(ROWS, PATIENCE));
            SinkIT.assertExact(stored, sent);
            assertEquals(0, stored.duplicates());
            stored.optimizeAggregates();
            SinkIT.assertExact(stored, sent);
            SinkIT.assertReconciles(service, csv);
        }
    }
}
