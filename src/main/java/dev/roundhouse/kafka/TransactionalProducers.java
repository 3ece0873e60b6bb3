package dev.roundhouse.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A bounded pool of transactional producers: a Kafka transaction belongs to one producer, so each
 * concurrent upload borrows its own. The service creates them all at start-up ({@link #fenceEarlierRun}); one
 * that failed then is created on first use. They are reused; a producer whose transaction failed is closed
 * and replaced, as Kafka requires.
 */
public final class TransactionalProducers implements AutoCloseable {
    /** The producer tuning shared with the benchmark's ProducerPerformance anchor. */
    public static final String SETTINGS_RESOURCE = "kafka/producer.properties";

    private final IntFunction<Producer<byte[], byte[]>> open;
    private final Semaphore leases;
    private final Queue<Lease> idle = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> freeSlots = new ConcurrentLinkedQueue<>();

    /** A borrowed producer and the pool slot whose transactional id it carries. */
    public record Lease(int slot, Producer<byte[], byte[]> producer) {}

    public TransactionalProducers(String bootstrapServers, String transactionalIdPrefix, int size) {
        this(size, slot -> kafkaProducer(bootstrapServers, transactionalIdPrefix, slot));
    }

    /** A pool of {@code size} producers made by {@code open} (a slot number in, a producer without initTransactions out). */
    TransactionalProducers(int size, IntFunction<Producer<byte[], byte[]>> open) {
        this.open = open;
        this.leases = new Semaphore(size, true);
        for (int slot = 0; slot < size; slot++) {
            freeSlots.add(slot);
        }
    }

    /** The tuned producer settings from {@link #SETTINGS_RESOURCE}. */
    public static Properties tunedSettings() {
        var props = new Properties();
        try (InputStream in = TransactionalProducers.class.getClassLoader().getResourceAsStream(SETTINGS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SETTINGS_RESOURCE + " missing from the classpath");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    /** Borrows a ready producer (creating one in a free slot when none is idle); waits while all are leased. */
    public Lease borrow() throws InterruptedException {
        leases.acquire();
        try {
            Lease lease = idle.poll();
            if (lease != null) {
                return lease;
            }
            // Holding a permit with no idle producer means at most size-1 producers exist: a slot is free.
            int slot = freeSlots.remove();
            try {
                return new Lease(slot, create(slot));
            } catch (RuntimeException e) {
                freeSlots.add(slot);
                throw e;
            }
        } catch (RuntimeException e) {
            leases.release();
            throw e;
        }
    }

    /**
     * Creates every slot's producer now, in parallel. initTransactions with this instance's ids fences a previous
     * run of the instance (killed mid-upload) and aborts the transactions it left open at once; otherwise they
     * would hold back read_committed readers of the rounds topic (the sink) until transaction.timeout.ms (60 s),
     * or until a later upload happened to create the same slot again.
     */
    public void fenceEarlierRun() throws InterruptedException {
        List<Integer> slots = new ArrayList<>();
        for (Integer slot; (slot = freeSlots.poll()) != null; ) {
            slots.add(slot);
        }
        try (var starting = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Lease>> leases = slots.stream().map(slot -> starting.submit(() -> new Lease(slot, create(slot)))).toList();
            for (int i = 0; i < leases.size(); i++) {
                try {
                    idle.add(leases.get(i).get());
                } catch (ExecutionException e) {
                    freeSlots.add(slots.get(i)); // created on first use instead, as before
                }
            }
        }
    }

    /** Returns a producer whose last transaction ended cleanly (committed or aborted). */
    public void giveBack(Lease lease) {
        idle.add(lease);
        leases.release();
    }

    /** Closes a producer that hit an error; its slot becomes free for a new one. */
    public void discard(Lease lease) {
        try {
            lease.producer().close(Duration.ofSeconds(1));
        } finally {
            freeSlots.add(lease.slot());
            leases.release();
        }
    }

    private Producer<byte[], byte[]> create(int slot) {
        var producer = open.apply(slot);
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return producer;
    }

    private static Producer<byte[], byte[]> kafkaProducer(String bootstrapServers, String transactionalIdPrefix, int slot) {
        var props = tunedSettings();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Slot-stable ids: after a crash, the replacement producer with the same id fences the old
        // one and aborts whatever transaction it left open.
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix + "-" + slot);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() {
        Lease lease;
        while ((lease = idle.poll()) != null) {
            lease.producer().close(Duration.ofSeconds(2));
        }
    }
}
