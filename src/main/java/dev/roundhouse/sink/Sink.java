package dev.roundhouse.sink;

import dev.roundhouse.avro.GameRoundDecoder;
import dev.roundhouse.avro.SchemaLookup;
import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.clickhouse.ClickHouseException;
import dev.roundhouse.clickhouse.ClickHouseTopology;
import dev.roundhouse.clickhouse.GameRoundRows;
import dev.roundhouse.config.Config;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The Kafka → ClickHouse sink: consumes the rounds topic (read_committed) and lands every committed
 * record exactly once in game_rounds, from where the materialized views feed the hourly aggregates.
 *
 * <p>One consumer thread polls and hands each partition's records to that partition's
 * {@link PartitionWriter}, which batches and inserts on its own thread (partitions insert in parallel).
 * Each INSERT is one block holding a contiguous run of one partition's records with their
 * {@code _partition}/{@code _offset}, and a newly assigned partition is paused until ClickHouse says where it
 * ends (max(_offset)+1), then read from there. Several instances share the partitions through the consumer
 * group; before each INSERT its range is committed to the group as an {@link InsertIntent}, which the group
 * accepts only from the partition's current owner, so an instance fenced out by a rebalance (crashed, or
 * frozen past the session timeout) starts no further INSERT, and the next owner re-inserts a range that may
 * still be in flight with the same deduplication token (see {@link ResumePoint}, docs/replicas.md).
 *
 * <p>{@link #close()} stops polling and inserts what was read, within the configured shutdown grace;
 * anything not inserted by then (ClickHouse down) is simply read again on the next start.
 */
public final class Sink implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Sink.class.getName());

    private final Config config;
    private final SinkTuning tuning;
    private final SinkMetrics metrics = new SinkMetrics();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DeadLetters deadLetters;
    private final ClickHouseTopology clickhouse;
    /** Per ClickHouse shard (one on a single server): where its partitions are written and resumed from. */
    private final List<PartitionWriter.Parts> shardParts = new ArrayList<>();
    private final Map<TopicPartition, PartitionWriter> writers = new HashMap<>();
    /** Assigned partitions waiting for their position from ClickHouse (paused meanwhile). */
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    /** Partitions paused because their writer has too much queued. */
    private final Set<TopicPartition> throttled = new HashSet<>();
    private final IntentCommits intents = new IntentCommits();
    private final Backoff positionBackoff;
    private long nextPositionAttempt;
    private final Thread thread;
    private volatile boolean running = true;

    public Sink(Config config, ClickHouseTopology clickhouse, SchemaLookup schemas) {
        this(config, clickhouse, schemas, SinkTuning.from(config));
    }

    /**
     * A sink ready to {@link #start()}; {@code clickhouse} stays the caller's to close (after this sink).
     * Kafka partition p is written to shard p mod N, and resumed from what that shard holds.
     */
    public Sink(Config config, ClickHouseTopology clickhouse, SchemaLookup schemas, SinkTuning tuning) {
        this.config = config;
        this.tuning = tuning;
        this.clickhouse = clickhouse;
        this.positionBackoff = tuning.backoff();
        this.deadLetters = new DeadLetters(config.kafkaBootstrapServers(), config.deadLetterTopic());
        var decoder = new GameRoundDecoder(schemas);
        String database = clickhouse.database();
        for (ClickHouseClient shard : clickhouse.shards()) {
            shardParts.add(new PartitionWriter.Parts(shard, clickhouse.localTable(GameRoundRows.TABLE),
                    new StoredOffsets(shard, database), new AggregateRepair(shard, database), decoder, deadLetters, tuning, metrics,
                    intents, clickhouse.features()));
        }
        this.consumer = new KafkaConsumer<>(consumerSettings(config, tuning), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().name("roundhouse-sink").unstarted(this::run);
    }

    private static Properties consumerSettings(Config config, SinkTuning tuning) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.sinkGroupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "roundhouse-sink");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Positions come from ClickHouse; this only matters when a position is no longer in the log.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Large fetches: a 2 M-record upload (~300 MB) becomes visible all at once when it commits.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(tuning.batchRows(), tuning.queuedRecords() / 2));
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, tuning.fetchBytes());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, tuning.fetchBytes() / 4);
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 4 << 20);
        // A crashed member holds its partitions until its session expires (45 s by default); heartbeats run
        // on the consumer's own thread, so a short session costs nothing while INSERTs are slow.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        // Handing partitions back waits for their INSERTs (up to the shutdown grace), inside poll().
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.max(300_000, 2 * config.shutdownGrace().toMillis() + 60_000));
        return props;
    }

    /** Starts consuming on the sink's own thread. */
    public Sink start() {
        thread.start();
        return this;
    }

    public SinkMetrics metrics() {
        return metrics;
    }

    private void run() {
        consumer.subscribe(List.of(config.topic()), new Rebalance());
        Backoff failures = tuning.backoff();
        try {
            while (running) {
                try {
                    positionAssigned();
                    var records = consumer.poll(Duration.ofMillis(100));
                    for (TopicPartition tp : records.partitions()) {
                        writers.get(tp).offer(records.records(tp));
                    }
                    throttleAndRecover();
                    commitProgress();
                    recordLag();
                    failures.reset();
                } catch (WakeupException e) {
                    // close() asked to stop
                } catch (RuntimeException e) {
                    metrics.recordRetry();
                    long delay = failures.nextDelayMillis();
                    LOG.log(Level.WARNING, "sink poll loop failed; retrying in " + delay + " ms", e);
                    Thread.sleep(delay);
                }
            }
            finishAll(writers.keySet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            LOG.log(Level.ERROR, "the sink stopped; nothing more is ingested until the service restarts (it then resumes from ClickHouse)", e);
            throw e;
        } finally {
            abandonAll();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            deadLetters.close();
        }
    }

    /** Seeks newly assigned partitions to the end of what ClickHouse holds, then lets them fetch. */
    private void positionAssigned() {
        if (unpositioned.isEmpty() || System.currentTimeMillis() < nextPositionAttempt) {
            return;
        }
        Map<Integer, Long> next = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(unpositioned), Duration.ofSeconds(10));
        try {
            Map<Integer, List<Integer>> byShard = unpositioned.stream().map(TopicPartition::partition)
                    .collect(Collectors.groupingBy(clickhouse::shardIndex));
            byShard.forEach((shard, partitions) -> next.putAll(shardParts.get(shard).stored().resumeOffsets(partitions)));
        } catch (ClickHouseException e) {
            metrics.recordRetry();
            long delay = e.retryable() ? positionBackoff.nextDelayMillis() : positionBackoff.capMillis();
            LOG.log(Level.WARNING, "cannot read resume offsets from ClickHouse (" + e.getMessage() + "); retrying in " + delay + " ms");
            nextPositionAttempt = System.currentTimeMillis() + delay;
            return;
        }
        positionBackoff.reset();
        for (TopicPartition tp : unpositioned) {
            var start = ResumePoint.of(next.get(tp.partition()), committed.get(tp));
            consumer.seek(tp, start.offset());
            writers.put(tp, new PartitionWriter(tp, shardParts.get(clickhouse.shardIndex(tp.partition())), start));
            LOG.log(Level.INFO, "sink resumes", "topic", tp.topic(), "partition", tp.partition(), "offset", start.offset());
            start.redo().ifPresent(r -> LOG.log(Level.INFO, "sink inserts the last owner's intent again", "topic", tp.topic(),
                    "partition", tp.partition(), "first", r.first(), "last", r.last()));
        }
        consumer.resume(unpositioned);
        unpositioned.clear();
    }

    /** Pauses partitions whose writer is behind, resumes them once it caught up, restarts failed writers. */
    private void throttleAndRecover() throws InterruptedException {
        int high = Math.min(2 * tuning.batchRows(), tuning.queuedRecords());
        for (var it = writers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            TopicPartition tp = e.getKey();
            PartitionWriter w = e.getValue();
            if (w.failed()) {
                w.abandon();
                it.remove();
                throttled.remove(tp);
                consumer.pause(List.of(tp));
                unpositioned.add(tp);
            } else if (w.queuedRecords() > high && throttled.add(tp)) {
                consumer.pause(List.of(tp));
            } else if (w.queuedRecords() < high / 2 && throttled.remove(tp)) {
                consumer.resume(List.of(tp));
            }
        }
    }

    /**
     * Commits, in one request, the writers' pending intents and the offsets after what was inserted. A writer asks
     * for its next intent only after its last INSERT's progress offset was set, so when both are here for one
     * partition the intent is the newer and wins; a progress offset never overwrites a later intent.
     */
    private void commitProgress() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        writers.forEach((tp, w) -> {
            long next = w.takeCommittable();
            if (next >= 0) {
                offsets.put(tp, new OffsetAndMetadata(next));
            }
        });
        IntentCommits.Batch asked = intents.take(writers);
        asked.addTo(offsets);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(10));
            } catch (WakeupException e) {
                consumer.commitSync(offsets, Duration.ofSeconds(10)); // close() woke the consumer: commit anyway
            }
            asked.committed();
        } catch (CommitFailedException | FencedInstanceIdException e) {
            asked.failed(new IntentCommits.Fenced(e));
        } catch (RuntimeException e) {
            // e.g. RebalanceInProgressException, a timeout: progress offsets are for lag only, the next commit covers them
            LOG.log(Level.DEBUG, "offset commit skipped (" + e + ")");
            asked.failed(new IntentCommits.Retry(e));
        }
    }

    /** Lag per partition for the metrics; a writer whose partition has no lag inserts without waiting for the batch to age. */
    private void recordLag() {
        writers.forEach((tp, w) -> consumer.currentLag(tp).ifPresent(lag -> {
            metrics.recordLag(tp.partition(), lag);
            w.caughtUp(lag == 0);
        }));
    }

    /**
     * Inserts what the partitions' writers hold (up to the shutdown grace), committing their intents meanwhile,
     * stops them and commits. A writer still busy at the deadline is abandoned after its INSERT in flight: what it
     * drops is re-read by whoever resumes the partition.
     */
    private void finishAll(Collection<TopicPartition> partitions) throws InterruptedException {
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        List<PartitionWriter> finishing = partitions.stream().map(writers::get).filter(Objects::nonNull).toList();
        finishing.forEach(PartitionWriter::beginFinish);
        for (PartitionWriter w : finishing) {
            while (!w.awaitEnd(Duration.ofMillis(20))) {
                commitProgress();
                if (System.nanoTime() > deadline) {
                    LOG.log(Level.WARNING, "not all rows inserted before the shutdown grace ended; they are re-read on resume");
                    w.abandon();
                }
            }
        }
        commitProgress();
        for (TopicPartition tp : List.copyOf(partitions)) {
            forget(tp);
        }
    }

    private void abandonAll() {
        for (TopicPartition tp : List.copyOf(writers.keySet())) {
            try {
                writers.get(tp).abandon();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            forget(tp);
        }
    }

    private void forget(TopicPartition tp) {
        writers.remove(tp);
        unpositioned.remove(tp);
        throttled.remove(tp);
        metrics.forgetPartition(tp.partition());
    }

    /** Called inside poll() on the sink thread. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.pause(partitions);
            unpositioned.addAll(partitions);
            nextPositionAttempt = 0;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                finishAll(partitions);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: stop without inserting more (it re-reads from ClickHouse).
            for (TopicPartition tp : partitions) {
                PartitionWriter w = writers.get(tp);
                if (w != null) {
                    try {
                        w.abandon();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                forget(tp);
            }
        }
    }

    /**
     * False once the poll thread has ended without being asked to (an Error such as OutOfMemoryError): nothing
     * is ingested until the service restarts, and then every partition resumes from ClickHouse. For /health.
     */
    public boolean alive() {
        return !running || thread.isAlive() || thread.getState() == Thread.State.NEW;
    }

    /** Stops polling, inserts what was read (within the shutdown grace) and closes the consumer. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        if (thread.isAlive()) {
            thread.join();
        } else if (thread.getState() == Thread.State.NEW) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            deadLetters.close();
        }
    }
}
