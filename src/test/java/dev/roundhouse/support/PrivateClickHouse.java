package dev.roundhouse.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A ClickHouse server of this test's own (free ports, state under target/), configured from
 * stack/clickhouse/config.xml like stack.sh does, so a test may stop and start it. It is the kind the stack
 * runs ({@code CLICKHOUSE=current|debian}, see {@link #serverCommand()}). The shared stack's server is never
 * touched: only the process started here is stopped, by its handle.
 */
public final class PrivateClickHouse implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dir;
    private final int httpPort;
    private final List<String> command;
    private Process process;

    private PrivateClickHouse(Path dir, int httpPort, List<String> command) {
        this.dir = dir;
        this.httpPort = httpPort;
        this.command = command;
    }

    /** Writes the config into {@code dir} (emptied first) and starts the server; returns once it answers. */
    public static PrivateClickHouse start(Path dir) throws IOException, InterruptedException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        for (String sub : List.of("log", "data", "tmp", "user_files", "format_schemas")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path state = dir.toAbsolutePath();
        int http = FreePort.next();
        String config = Files.readString(Path.of("stack", "clickhouse", "config.xml"))
                .replace("@STATE@", state.toString())
                .replace("@HTTP_PORT@", String.valueOf(http))
                .replace("@TCP_PORT@", String.valueOf(FreePort.next()))
                .replace("@INTERSERVER_PORT@", String.valueOf(FreePort.next()))
                .replace("@CONFIG@", state.resolve("config.xml").toString());
        Files.writeString(dir.resolve("config.xml"), config);
        var server = new PrivateClickHouse(dir, http, serverCommand());
        server.startAgain();
        return server;
    }

    /** The HTTP URL, for CLICKHOUSE_URL. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Starts the server on the same state and ports; returns once it answers (at most 30 s). */
    public void startAgain() throws IOException, InterruptedException {
        var start = new ArrayList<>(command);
        start.add("--config-file=" + dir.toAbsolutePath().resolve("config.xml"));
        process = new ProcessBuilder(start)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log").resolve("stdout.log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("private ClickHouse did not start; see " + dir.resolve("log"));
            }
            Thread.sleep(100);
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private boolean answers() {
        try {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/ping")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The command that starts a server of the kind {@code CLICKHOUSE} selects (current by default), as
     * {@code stack/stack.sh clickhouse-bin} prints it on its last line (it installs the server when missing and
     * logs that first).
     */
    public static List<String> serverCommand() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("stack/stack.sh", "clickhouse-bin").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
            throw new IllegalStateException("stack/stack.sh clickhouse-bin failed: " + out);
        }
        String last = out.substring(out.lastIndexOf('\n') + 1);
        return Arrays.asList(last.split(" "));
    }
}
