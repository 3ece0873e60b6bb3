package dev.roundhouse.support;

import dev.roundhouse.Roundhouse;
import dev.roundhouse.config.Config;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real service in-process against the real local stack, isolated from other tests by its own topic,
 * ClickHouse database and consumer group, all removed when the test JVM exits ({@link TestLeftovers}).
 * Integration tests only.
 */
public final class TestService implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Config config;
    private final Roundhouse app;

    private TestService(Config config, Roundhouse app) {
        this.config = config;
        this.app = app;
    }

    /** A service with fresh names; {@code overrides} are environment variables on top of the defaults. */
    public static TestService start(Map<String, String> overrides) throws Exception {
        return startWith(isolatedEnvironment(overrides));
    }

    /** Environment for an isolated service: random topic, database and group, port 0. */
    public static Map<String, String> isolatedEnvironment(Map<String, String> overrides) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Map<String, String> env = new HashMap<>();
        env.put("ROUNDHOUSE_PORT", "0");
        env.put("KAFKA_TOPIC", "it-" + id);
        env.put("CLICKHOUSE_DATABASE", "it_" + id);
        env.put("ROUNDHOUSE_SINK_GROUP", "it-sink-" + id);
        env.put("ROUNDHOUSE_SHUTDOWN_GRACE_SECONDS", "2");
        env.put("ROUNDHOUSE_WARMUP_ROWS", "0"); // tests start many services; none needs a warm JIT
        env.putAll(overrides);
        TestLeftovers.add(Config.from(env));
        return env;
    }

    /** A service on exactly this environment (e.g. to restart one on the same topic and database). */
    public static TestService startWith(Map<String, String> env) throws Exception {
        var config = Config.from(env);
        TestLeftovers.add(config);
        return new TestService(config, Roundhouse.start(config));
    }

    /** The running service, e.g. for its sink's metrics. */
    public Roundhouse app() {
        return app;
    }

    public Config config() {
        return config;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + app.port() + pathAndQuery);
    }

    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Any request (e.g. with extra headers) built on {@link #uri}. */
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public int port() {
        return app.port();
    }

    public HttpResponse<String> post(String pathAndQuery, String contentType, byte[] body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        app.close();
    }
}
