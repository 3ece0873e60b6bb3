package dev.roundhouse.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * N ClickHouse servers of our own (never the shared ones), forming one cluster without ZooKeeper:
 * config from {@code stack/stack.sh clickhouse-config} plus {@code stack/clickhouse/cluster.sh}, state
 * under target/, ports from 18143 (HTTP) / 19043 (TCP) / 19053 (interserver) or the next free block.
 * Each server can be stopped and started again (same data) to test a shard outage; {@link #close()}
 * stops exactly the processes this object started (their Process handles) and removes their state.
 */
public final class PrivateClickHouseCluster implements AutoCloseable {
    public static final String NAME = "roundhouse";
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Duration READY = Duration.ofSeconds(30);

    private final Path dir;
    private final int httpBase;
    private final List<String> command;
    private final Process[] servers;

    private PrivateClickHouseCluster(Path dir, int httpBase, List<String> command, int shards) {
        this.dir = dir;
        this.httpBase = httpBase;
        this.command = command;
        this.servers = new Process[shards];
    }

    /** Writes the configs and starts every server; fails with a clear message when ClickHouse is not installed. */
    public static PrivateClickHouseCluster start(int shards) throws Exception {
        List<String> command = PrivateClickHouse.serverCommand();
        int base = freeBlock(shards);
        var dir = ROOT.resolve("target/clickhouse-cluster-" + UUID.randomUUID().toString().substring(0, 8));
        var cluster = new PrivateClickHouseCluster(dir, base, command, shards);
        try {
            for (int n = 1; n <= shards; n++) {
                Path shardDir = cluster.shardDir(n);
                run(List.of("stack/stack.sh", "clickhouse-config", shardDir.toString(),
                        String.valueOf(cluster.httpPort(n)), String.valueOf(cluster.tcpPort(n)), String.valueOf(cluster.tcpPort(n) + 10)));
                var pb = new ProcessBuilder("stack/clickhouse/cluster.sh", shardDir.resolve("config.xml").toString(), String.valueOf(n), String.valueOf(shards));
                pb.environment().put("CLICKHOUSE_CLUSTER_NAME", NAME);
                pb.environment().put("CLICKHOUSE_TCP_BASE", String.valueOf(cluster.tcpPort(1)));
                run(pb);
                cluster.startShard(n);
            }
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    public int size() {
        return servers.length;
    }

    /** HTTP URL of shard n (from 1). */
    public URI url(int n) {
        return URI.create("http://127.0.0.1:" + httpPort(n));
    }

    /** CLICKHOUSE_SHARD_URLS for this cluster. */
    public String shardUrls() {
        var urls = new ArrayList<String>();
        for (int n = 1; n <= servers.length; n++) urls.add(url(n).toString());
        return String.join(",", urls);
    }

    /** Starts shard n (again) on its data and waits until it answers. */
    public void startShard(int n) throws Exception {
        Path shardDir = shardDir(n);
        var cmd = new ArrayList<>(command);
        cmd.add("--config-file=" + shardDir.resolve("config.xml"));
        servers[n - 1] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(shardDir.resolve("log/stdout.log").toFile())).start();
        long deadline = System.nanoTime() + READY.toNanos();
        while (!answers(n)) {
            if (!servers[n - 1].isAlive()) throw new IllegalStateException("clickhouse shard " + n + " exited; see " + shardDir.resolve("log"));
            if (System.nanoTime() > deadline) throw new IllegalStateException("clickhouse shard " + n + " not ready in " + READY);
            Thread.sleep(100);
        }
    }

    /** Stops shard n (SIGTERM, then SIGKILL after 10 s) and waits until it has exited. */
    public void stopShard(int n) throws InterruptedException {
        Process p = servers[n - 1];
        if (p == null || !p.isAlive()) return;
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Stops every server this object started and deletes their state folder. */
    @Override
    public void close() throws InterruptedException {
        for (int n = 1; n <= servers.length; n++) stopShard(n);
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leaving target/ files behind is harmless; `mvn clean` removes them
        }
    }

    private boolean answers(int n) {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort(n)), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path shardDir(int n) {
        return dir.resolve("shard-" + n);
    }

    private int httpPort(int n) {
        return httpBase + n - 1;
    }

    private int tcpPort(int n) {
        return httpBase + 900 + n - 1;
    }

    /** First HTTP port base from 18143 (stepping by 20) whose HTTP, TCP (+900) and interserver (+910) ports are all free. */
    private static int freeBlock(int shards) {
        for (int base = 18143; base < 18143 + 20 * 20; base += 20) {
            boolean free = true;
            for (int i = 0; i < shards && free; i++) {
                free = isFree(base + i) && isFree(base + 900 + i) && isFree(base + 910 + i);
            }
            if (free) return base;
        }
        throw new IllegalStateException("no free block of ports for a private ClickHouse cluster from 18143");
    }

    private static boolean isFree(int port) {
        try (var s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        return run(new ProcessBuilder(cmd));
    }

    private static String run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", pb.command()) + " failed: " + out);
        }
        return out;
    }
}
