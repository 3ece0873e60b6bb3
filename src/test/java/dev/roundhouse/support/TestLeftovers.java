package dev.roundhouse.support;

import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;

/**
 * The topics, consumer group and ClickHouse database of every isolated test service, removed when the test
 * JVM exits. A developer's local stack lives on between runs, and every run used to leave its data there
 * (1,600 partitions and 1.2 GB of Kafka logs after a few dozen runs, plus ClickHouse merging idle tables).
 * Only the isolated names ({@code it-…}, {@code it_…}) are ever removed; a stack that is already gone (a
 * test's private broker or server) is skipped after a short timeout.
 */
final class TestLeftovers {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private record Names(String bootstrap, List<String> topics, String group, URI clickhouse, String user, String password, String database) {}

    private static final Set<Names> CREATED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestLeftovers::removeAll, "test-leftovers"));
    }

    private TestLeftovers() {}

    /** Remembers what a service with this configuration creates. */
    static void add(Config c) {
        if (c.topic().startsWith("it-") && c.clickhouseDatabase().startsWith("it_")) {
            CREATED.add(new Names(c.kafkaBootstrapServers(), List.of(c.topic(), c.deadLetterTopic(), c.uploadsTopic()), c.sinkGroupId(), c.clickhouseUrl(),
                    c.clickhouseUser(), c.clickhousePassword(), c.clickhouseDatabase()));
        }
    }

    private static void removeAll() {
        Map<String, List<Names>> byBroker = CREATED.stream().collect(Collectors.groupingBy(Names::bootstrap));
        byBroker.forEach(TestLeftovers::removeKafka);
        for (Names n : CREATED) {
            try (var clickhouse = new ClickHouseClient(n.clickhouse(), n.user(), n.password(), TIMEOUT)) {
                clickhouse.execute("DROP DATABASE IF EXISTS " + ClickHouseClient.identifier(n.database()));
            } catch (RuntimeException e) {
                // that server is gone already
            }
        }
    }

    private static void removeKafka(String bootstrap, List<Names> names) {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (var admin = Admin.create(props)) {
            List<String> topics = names.stream().flatMap(n -> n.topics().stream()).toList();
            var deletions = admin.deleteTopics(topics).topicNameValues().values();
            var groups = admin.deleteConsumerGroups(names.stream().map(Names::group).toList()).deletedGroups().values();
            for (var done : deletions) awaitQuietly(done);
            for (var done : groups) awaitQuietly(done);
        } catch (RuntimeException e) {
            // that broker is gone already
        }
    }

    /** Waits for one deletion; a topic the test never created, or a group never joined, is fine. */
    private static void awaitQuietly(KafkaFuture<Void> done) {
        try {
            done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // missing, or the broker stopped answering: nothing more to do at exit
        }
    }
}
