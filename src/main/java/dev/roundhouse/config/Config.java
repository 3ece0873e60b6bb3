package dev.roundhouse.config;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every setting of the service, read once from environment variables. Defaults match {@code make stack}.
 * The configuration table in docs/operations.md lists the same names and defaults.
 */
public record Config(
        int port,
        String instanceId,
        String kafkaBootstrapServers,
        String topic,
        int topicPartitions,
        URI schemaRegistryUrl,
        URI clickhouseUrl,
        String clickhouseUser,
        String clickhousePassword,
        String clickhouseDatabase,
        String clickhouseCluster,
        List<URI> clickhouseShardUrls,
        List<String> apiKeys,
        boolean sinkEnabled,
        String sinkGroupId,
        int sinkBatchRows,
        long maxUploadBytes,
        int maxConcurrentUploads,
        Duration idleTimeout,
        Duration bodyReadTimeout,
        long aggregatesCacheMillis,
        int warmUpRows,
        Duration shutdownGrace,
        Duration reconciliationTtl,
        Duration startPatience,
        int reconciliationsKept,
        int maxConcurrentReconciliations,
        int aggregatesCacheEntries,
        Duration clickhouseKeepAlive,
        Level logLevel) {

    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    public static Config from(Map<String, String> env) {
        var e = new Env(env);
        int port = e.get("ROUNDHOUSE_PORT", "8000", Integer::parseInt);
        return new Config(
                port,
                e.get("ROUNDHOUSE_INSTANCE_ID", hostName(env) + "-" + port, Config::instanceId),
                e.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092", s -> s),
                e.get("KAFKA_TOPIC", "staging-bets", s -> s),
                e.get("KAFKA_TOPIC_PARTITIONS", "6", Integer::parseInt),
                e.get("SCHEMA_REGISTRY_URL", "http://127.0.0.1:18081/apis/ccompat/v7", Config::uri),
                e.get("CLICKHOUSE_URL", "http://127.0.0.1:18123", Config::uri),
                e.get("CLICKHOUSE_USER", "default", s -> s),
                e.get("CLICKHOUSE_PASSWORD", "", s -> s),
                e.get("CLICKHOUSE_DATABASE", "game_data", Config::identifier),
                e.get("CLICKHOUSE_CLUSTER", "", s -> s.isEmpty() ? s : identifier(s)),
                e.get("CLICKHOUSE_SHARD_URLS", "", s -> list(s).stream().map(Config::uri).toList()),
                e.get("ROUNDHOUSE_API_KEYS", "", Config::list),
                e.get("ROUNDHOUSE_SINK", "on", Config::onOff),
                e.get("ROUNDHOUSE_SINK_GROUP", "roundhouse-sink", s -> s),
                e.get("ROUNDHOUSE_SINK_BATCH_ROWS", "100000", Config::insertRows),
                e.get("ROUNDHOUSE_MAX_UPLOAD_BYTES", String.valueOf(2L << 30), Long::parseLong),
                e.get("ROUNDHOUSE_MAX_CONCURRENT_UPLOADS", "4", Config::positive),
                e.get("ROUNDHOUSE_IDLE_TIMEOUT_SECONDS", "60", Config::seconds),
                e.get("ROUNDHOUSE_BODY_READ_TIMEOUT_SECONDS", "1800", Config::seconds),
                e.get("ROUNDHOUSE_AGGREGATES_CACHE_MS", "1000", Long::parseLong),
                e.get("ROUNDHOUSE_WARMUP_ROWS", "200000", Integer::parseInt),
                e.get("ROUNDHOUSE_SHUTDOWN_GRACE_SECONDS", "20", s -> Duration.ofSeconds(Long.parseLong(s))),
                e.get("ROUNDHOUSE_RECONCILIATION_TTL_SECONDS", "3600", Config::seconds),
                e.get("ROUNDHOUSE_START_PATIENCE_SECONDS", "60", Config::seconds),
                e.get("ROUNDHOUSE_RECONCILIATIONS_KEPT", "100", Config::positive),
                // each running reconciliation holds ~300 MB for a 2 M-row file
                e.get("ROUNDHOUSE_MAX_CONCURRENT_RECONCILIATIONS", "2", Config::positive),
                e.get("ROUNDHOUSE_AGGREGATES_CACHE_ENTRIES", "10000", Config::positive),
                // below ClickHouse's keep_alive_timeout (10 s on 18.16, 3 s on modern servers)
                e.get("CLICKHOUSE_KEEPALIVE_SECONDS", "2", Config::seconds),
                e.get("ROUNDHOUSE_LOG_LEVEL", "info", Config::level));
    }

    /**
     * Cluster mode (CLICKHOUSE_CLUSTER set) needs the shard URLs, in the cluster's shard order, and reads
     * go to CLICKHOUSE_URL, which must be one of them (it holds the Distributed tables like every shard).
     */
    public Config {
        if (clickhouseCluster.isEmpty() && !clickhouseShardUrls.isEmpty()) {
            throw new IllegalArgumentException("CLICKHOUSE_SHARD_URLS is set but CLICKHOUSE_CLUSTER is empty: name the cluster from remote_servers");
        }
        if (!clickhouseCluster.isEmpty() && clickhouseShardUrls.isEmpty()) {
            throw new IllegalArgumentException("CLICKHOUSE_CLUSTER=" + clickhouseCluster + " needs CLICKHOUSE_SHARD_URLS (comma-separated HTTP URLs, in shard order)");
        }
        if (!clickhouseCluster.isEmpty() && !clickhouseShardUrls.contains(clickhouseUrl)) {
            throw new IllegalArgumentException("CLICKHOUSE_URL=" + clickhouseUrl + " must be one of CLICKHOUSE_SHARD_URLS " + clickhouseShardUrls);
        }
        clickhouseShardUrls = List.copyOf(clickhouseShardUrls);
    }

    /** The topic that receives records the sink cannot decode. */
    public String deadLetterTopic() {
        return topic + "-dlq";
    }

    /** The compacted topic recording committed uploads by file SHA-256. */
    public String uploadsTopic() {
        return topic + "-uploads";
    }

    /**
     * The host part of the default instance id: HOSTNAME when set (a container's or a StatefulSet pod's name),
     * else what the OS calls this machine. Stable across restarts on the same host; the port then tells two
     * instances on one host apart.
     */
    private static String hostName(Map<String, String> env) {
        String fromEnv = env.getOrDefault("HOSTNAME", "");
        if (!fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Part of Kafka transactional ids: letters, digits, '.', '_' and '-' only, as in a host or pod name. */
    private static String instanceId(String s) {
        String id = s.replaceAll("[^A-Za-z0-9._-]", "_");
        if (id.length() > 100) {
            throw new IllegalArgumentException("at most 100 characters");
        }
        return id;
    }

    private static URI uri(String s) {
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    private static String identifier(String s) {
        if (!s.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("expected a plain identifier (letters, digits, underscore)");
        }
        return s;
    }

    /** Rows of one sink INSERT: below max_insert_block_size (1,048,576) so an INSERT stays one atomic block. */
    private static int insertRows(String s) {
        int n = Integer.parseInt(s);
        if (n < 1 || n >= 1_048_576) {
            throw new IllegalArgumentException("expected 1 … 1048575");
        }
        return n;
    }

    private static List<String> list(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    }

    private static int positive(String s) {
        int n = Integer.parseInt(s);
        if (n < 1) throw new IllegalArgumentException("must be at least 1");
        return n;
    }

    private static Duration seconds(String s) {
        return Duration.ofSeconds(positive(s));
    }

    private static boolean onOff(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "on", "true", "1", "yes" -> true;
            case "off", "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("expected on or off");
        };
    }

    private static Level level(String s) {
        return Level.valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** Reads one variable, falling back to its default, and names the variable when its value is invalid. */
    private record Env(Map<String, String> env) {
        <T> T get(String name, String fallback, Function<String, T> parse) {
            String raw = env.getOrDefault(name, "");
            String value = raw.isBlank() ? fallback : raw.trim();
            try {
                return parse.apply(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid " + name + "=" + (name.contains("KEY") || name.contains("PASSWORD") ? "***" : value) + ": " + e.getMessage(), e);
            }
        }
    }
}
