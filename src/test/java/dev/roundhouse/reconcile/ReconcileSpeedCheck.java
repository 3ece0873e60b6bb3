package dev.roundhouse.reconcile;

import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.clickhouse.GameRoundRows;
import dev.roundhouse.clickhouse.Migrations;
import dev.roundhouse.csv.GameRound;
import dev.roundhouse.csv.RoundReader;
import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.RoundsGenerator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Time and heap of a reconciliation of a generated file like the real one against the local ClickHouse (not a test):
 * {@code java -Xmx1g -cp target/classes:target/test-classes:<deps> dev.roundhouse.reconcile.ReconcileSpeedCheck [rows]}.
 * Loads the rows into a throwaway database {@code rh_bench_reconcile} (kept with -Dkeep=true for the next run),
 * times the phases alone, then three whole reconciliations.
 */
public final class ReconcileSpeedCheck {
    private static final int INSERT_BATCH = 500_000;

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : GeneratorOptions.DEFAULT_ROWS;
        Path file = Files.createTempFile("reconcile-speed-", ".csv");
        String database = "rh_bench_reconcile";
        try (var client = new ClickHouseClient(URI.create("http://127.0.0.1:18123"), "default", "")) {
            RoundsGenerator.write(file, GeneratorOptions.defaults().withRows(rows));
            System.out.printf("%,d rows, %.1f MB%n", rows, Files.size(file) / 1e6);
            if (client.queryLong("SELECT count() FROM system.tables WHERE database = '" + database + "' AND name = 'game_rounds'") == 0
                    || client.queryLong("SELECT count() FROM " + database + ".game_rounds") != rows) {
                client.execute("DROP DATABASE IF EXISTS " + database);
                Migrations.apply(client, database);
                load(client, database, file);
            }
            var stored = new ClickHouseRounds(client, database);
            var reconciler = new Reconciler(stored);
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                CsvFacts facts;
                try (var in = Files.newInputStream(file)) {
                    facts = CsvFacts.read(in, null, new Progress());
                }
                long t1 = System.nanoTime();
                long[] n = {0};
                stored.rounds(facts.minSecond, facts.maxSecond, r -> n[0]++);
                long t2 = System.nanoTime();
                stored.hourly(CsvGroups.hourOf(facts.minSecond), CsvGroups.hourOf(facts.maxSecond), t -> n[0]++);
                long t3 = System.nanoTime();
                System.out.printf("phases: csv %.2f s, rows query %.2f s, hourly query %.2f s (%d)%n",
                        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, n[0]);
            }
            for (int i = 0; i < 3; i++) {
                System.gc();
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                Report report;
                try (var in = Files.newInputStream(file)) {
                    report = reconciler.run(in, null, Reconciler.DEFAULT_SAMPLE_LIMIT, new Progress());
                }
                System.out.printf("%s: %,d rows compared, %,d groups, %.2f s (this JVM's CPU %.2f s)%n", report.status(),
                        report.rows().compared(), report.aggregates().groupsCompared(), (System.nanoTime() - t0) / 1e9,
                        (processCpuNanos() - cpu0) / 1e9);
            }
        } finally {
            if (!Boolean.getBoolean("keep")) {
                try (var client = new ClickHouseClient(URI.create("http://127.0.0.1:18123"), "default", "")) {
                    client.execute("DROP DATABASE IF EXISTS " + database);
                }
            }
            Files.deleteIfExists(file);
        }
    }

    private static void load(ClickHouseClient client, String database, Path file) throws IOException {
        long t0 = System.nanoTime();
        try (var reader = RoundReader.open(Files.newInputStream(file), null)) {
            var r = new GameRound();
            long[] offset = {0};
            boolean[] more = {true};
            while (more[0]) {
                client.insert(GameRoundRows.table(database), GameRoundRows.COLUMNS, out -> {
                    for (int n = 0; n < INSERT_BATCH; n++) {
                        if (!reader.next(r, e -> { throw new AssertionError(e.toString()); })) {
                            more[0] = false;
                            return;
                        }
                        GameRoundRows.write(out, r, "speed-check", 0, offset[0]++);
                    }
                });
            }
        }
        System.out.printf("loaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** CPU time of this process: a figure that, unlike wall time, does not grow with other load on the machine. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
