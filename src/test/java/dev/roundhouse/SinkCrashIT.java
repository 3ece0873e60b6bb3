package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.config.Config;
import dev.roundhouse.support.LandedRounds;
import dev.roundhouse.support.ReferenceRounds;
import dev.roundhouse.support.ServiceProcess;
import dev.roundhouse.support.TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the whole service process in the middle of ingesting a large upload, then a restart: the
 * rows, sums and aggregates in ClickHouse are exact, with no (partition, offset) stored twice. Three runs.
 */
class SinkCrashIT {
    private static final int RUNS = 3;
    private static final int ROWS_PER_RUN = 150_000;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Test
    void killNineMidIngestThenRestartIsExact() throws Exception {
        // The uploader runs in-process with its sink off; the sink runs in a child process on the same names.
        Map<String, String> env = TestService.isolatedEnvironment(Map.of("ROUNDHOUSE_SINK", "off"));
        Map<String, String> childEnv = new HashMap<>(env);
        childEnv.put("ROUNDHOUSE_SINK", "on");
        childEnv.put("ROUNDHOUSE_SINK_BATCH_ROWS", "10000"); // many INSERTs, so a kill lands between some of them
        // Both run on port 0, so both would default to the instance id <host>-0 and share transactional ids: each
        // child's start-up would fence the uploader's producers (503 "old epoch" on its next upload). Every child
        // takes one id of its own, which also fences the killed child before it, as a restart should.
        childEnv.put("ROUNDHOUSE_INSTANCE_ID", "sink-crash-child");
        Path logs = Files.createDirectories(Path.of("target", "sink-crash"));
        List<ReferenceRounds.Row> sent = new ArrayList<>();
        try (var uploader = TestService.startWith(env);
             var clickhouse = ClickHouseClient.from(uploader.config())) {
            var stored = new LandedRounds(clickhouse, uploader.config().clickhouseDatabase());
            for (int run = 1; run <= RUNS; run++) {
                long before = sent.size();
                sent.addAll(SinkIT.upload(uploader, ROWS_PER_RUN, 100 + run, 1_000_000L * run));
                long killedAt;
                try (var child = ServiceProcess.start(childEnv, logs.resolve("run-" + run + "-killed.log"))) {
                    // each run dies at a different depth: after ~10 %, ~40 %, ~70 % of the upload
                    long target = before + ROWS_PER_RUN * (3L * run - 2) / 10;
                    killedAt = awaitMidIngest(stored, target, sent.size(), child);
                    child.kill9();
                }
                System.out.printf("kill -9 run %d: killed at %d of %d rows of this upload%n", run, killedAt - before, ROWS_PER_RUN);
                try (var child = ServiceProcess.start(childEnv, logs.resolve("run-" + run + "-restarted.log"))) {
                    assertEquals(sent.size(), stored.awaitCount(sent.size(), PATIENCE), "run " + run);
                    SinkIT.assertExact(stored, sent);
                    assertEquals(0, stored.duplicates(), "run " + run);
                    child.kill9(); // the next run starts from a crash too
                }
            }
            Thread.sleep(1_000);
            assertEquals(sent.size(), stored.count());
        }
    }

    /** Polls until at least {@code target} but fewer than {@code after} rows are stored, returning the count seen. */
    private static long awaitMidIngest(LandedRounds stored, long target, long after, ServiceProcess child) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline && child.isAlive()) {
            long n = stored.count();
            if (n >= target && n < after) {
                return n;
            }
            assertTrue(n < after, "the whole upload landed before the kill; make the batches smaller");
            Thread.sleep(10);
        }
        throw new AssertionError("the child never started ingesting (alive: " + child.isAlive() + ")");
    }
}
