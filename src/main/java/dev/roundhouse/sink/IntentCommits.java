package dev.roundhouse.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Hands the partition writers' {@link InsertIntent}s to the sink's consumer thread, the only thread that may
 * use the KafkaConsumer, and their outcome back. A writer waits for its intent before every INSERT.
 */
final class IntentCommits {
    /** The intent was not committed for a passing reason (rebalance in progress, coordinator moving): ask again. */
    static final class Retry extends RuntimeException {
        Retry(Throwable cause) {
            super(cause.toString(), cause);
        }
    }

    /** The group no longer counts this consumer as the partition's owner: the INSERT must not run. */
    static final class Fenced extends RuntimeException {
        Fenced(Throwable cause) {
            super(cause.toString(), cause);
        }
    }

    private record Request(TopicPartition partition, Object writer, InsertIntent intent, CompletableFuture<Void> outcome) {}

    private final ConcurrentLinkedQueue<Request> pending = new ConcurrentLinkedQueue<>();

    /** Writer side: asks for the intent to be committed; the future fails with {@link Retry} or {@link Fenced}. */
    CompletableFuture<Void> request(TopicPartition partition, Object writer, InsertIntent intent) {
        var outcome = new CompletableFuture<Void>();
        pending.add(new Request(partition, writer, intent, outcome));
        return outcome;
    }

    /**
     * Consumer side: the requests waiting now from the partitions' current writers. A request of a writer that is
     * no longer current (its partition was revoked or lost since) is fenced here: the classic group protocol checks
     * the member's generation, not which partitions it owns, so this consumer must not commit it.
     */
    Batch take(Map<TopicPartition, ?> currentWriters) {
        List<Request> taken = new ArrayList<>();
        for (Request r; (r = pending.poll()) != null; ) {
            if (r.writer().equals(currentWriters.get(r.partition()))) { // a writer equals only itself
                taken.add(r);
            } else {
                r.outcome().completeExceptionally(new Fenced(new IllegalStateException(r.partition() + " is no longer assigned here")));
            }
        }
        return new Batch(taken);
    }

    /** Requests taken together into one commit. */
    static final class Batch {
        private final List<Request> requests;

        private Batch(List<Request> requests) {
            this.requests = requests;
        }

        /** Puts each intent over {@code offsets}: an intent is newer than a progress offset of the same partition. */
        void addTo(Map<TopicPartition, OffsetAndMetadata> offsets) {
            requests.forEach(r -> offsets.put(r.partition(), r.intent().commit()));
        }

        void committed() {
            requests.forEach(r -> r.outcome().complete(null));
        }

        void failed(RuntimeException why) {
            requests.forEach(r -> r.outcome().completeExceptionally(why));
        }

    }
}
