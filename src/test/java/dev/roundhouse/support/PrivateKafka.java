package dev.roundhouse.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker of this test's own (free ports, state under target/), run from the
 * jars in {@code $STATE/kafka/lib} (STATE as stack.sh reads it, default {@code .state}) with stack/kafka/server.properties exactly as stack.sh does, so a test
 * may kill and restart it. The shared broker is never touched: only the process started here is stopped.
 */
public final class PrivateKafka implements AutoCloseable {
    private static final Path LIB = Path.of(System.getenv().getOrDefault("STATE", ".state"), "kafka", "lib");

    private final Path dir;
    private final int port;
    private Process process;

    private PrivateKafka(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Formats fresh storage in {@code dir} (emptied first) and starts the broker; returns once it serves metadata. */
    public static PrivateKafka start(Path dir) throws IOException, InterruptedException {
        if (!Files.isDirectory(LIB)) {
            throw new IllegalStateException(LIB.toAbsolutePath() + " missing: run `make stack` (in a worktree, set STATE to the main checkout's .state)");
        }
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir.resolve("logs"));
        int port = FreePort.next();
        int controller = FreePort.next();
        String properties = Files.readString(Path.of("stack", "kafka", "server.properties"))
                .replace("@STATE@/kafka/data", dir.toAbsolutePath().resolve("data").toString())
                .replace("127.0.0.1:19093", "127.0.0.1:" + controller)
                .replace("127.0.0.1:19092", "127.0.0.1:" + port);
        Files.writeString(dir.resolve("server.properties"), properties);
        var kafka = new PrivateKafka(dir, port);
        kafka.run(List.of("kafka.tools.StorageTool", "format", "--standalone", "-c", kafka.properties(),
                "-t", Uuid.randomUuid().toString())).waitFor(60, TimeUnit.SECONDS);
        kafka.startAgain();
        return kafka;
    }

    /** For KAFKA_BOOTSTRAP_SERVERS. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker on the same state and ports; returns once it serves metadata (at most 60 s). */
    public void startAgain() throws IOException, InterruptedException {
        process = run(List.of("-Dkafka.logs.dir=" + dir.toAbsolutePath().resolve("logs"),
                "-Dlog4j2.configurationFile=" + Path.of("stack", "kafka", "log4j2.properties").toAbsolutePath(),
                "kafka.Kafka", properties()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!servesMetadata()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("private Kafka did not start; see " + dir.resolve("logs"));
            }
            Thread.sleep(200);
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private String properties() {
        return dir.toAbsolutePath().resolve("server.properties").toString();
    }

    private Process run(List<String> mainAndArgs) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "-Xms128m", "-Xmx512m", "-XX:+UseG1GC",
                "--enable-native-access=ALL-UNNAMED", "-cp", LIB.toAbsolutePath() + "/*"));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs").resolve("stdout.log").toFile()))
                .start();
    }

    private boolean servesMetadata() {
        try (var probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
            // the port opens before the broker has joined its own quorum: ask for the cluster too
        } catch (IOException e) {
            return false;
        }
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
