package dev.roundhouse.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The writers' intents on their way to the group: committed through a (Mock)Consumer and read back by the next
 * owner as a {@link ResumePoint}; refused for a writer whose partition moved; never overwritten by progress.
 */
class IntentCommitsTest {
    private static final TopicPartition P0 = new TopicPartition("rounds", 0);
    private static final TopicPartition P1 = new TopicPartition("rounds", 1);
    private final IntentCommits intents = new IntentCommits();
    private final Object writer0 = new Object();
    private final Object writer1 = new Object();

    @Test
    void anIntentCommittedByOneOwnerTellsTheNextOwnerWhatToRedo() {
        var consumer = new MockConsumer<byte[], byte[]>("earliest");
        consumer.assign(List.of(P0, P1));
        var asked = intents.request(P0, writer0, new InsertIntent(100, 199));

        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        offsets.put(P0, new OffsetAndMetadata(100)); // the progress offset after the INSERT before it
        offsets.put(P1, new OffsetAndMetadata(57));
        IntentCommits.Batch batch = intents.take(Map.of(P0, writer0, P1, writer1));
        batch.addTo(offsets);
        consumer.commitSync(offsets);
        batch.committed();
        assertTrue(asked.isDone() && !asked.isCompletedExceptionally());

        // the next owner: ClickHouse holds up to offset 149 of partition 0 (half the batch), all of partition 1
        var committed = consumer.committed(Set.of(P0, P1));
        assertEquals(new ResumePoint(100, Optional.of(new InsertIntent(100, 199))), ResumePoint.of(150, committed.get(P0)));
        assertEquals(new ResumePoint(57, Optional.empty()), ResumePoint.of(57, committed.get(P1)));
    }

    @Test
    void aWriterWhosePartitionMovedIsFencedWithoutACommit() {
        var stale = intents.request(P0, writer0, new InsertIntent(0, 9));
        IntentCommits.Batch batch = intents.take(Map.of(P0, new Object())); // P0 has a new writer since
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        batch.addTo(offsets);
        assertTrue(offsets.isEmpty());
        var failure = assertThrows(CompletionException.class, stale::join);
        assertInstanceOf(IntentCommits.Fenced.class, failure.getCause());
    }

    @Test
    void aRefusedCommitFencesItsWritersAndAPassingFailureAsksThemToRetry() {
        var fenced = intents.request(P0, writer0, new InsertIntent(0, 9));
        intents.take(Map.of(P0, writer0)).failed(new IntentCommits.Fenced(new CommitFailedException("generation moved on")));
        var thrown = assertThrows(CompletionException.class, fenced::join);
        assertInstanceOf(IntentCommits.Fenced.class, thrown.getCause());

        var retry = intents.request(P1, writer1, new InsertIntent(10, 19));
        intents.take(Map.of(P1, writer1)).failed(new IntentCommits.Retry(new IllegalStateException("rebalance in progress")));
        thrown = assertThrows(CompletionException.class, retry::join);
        assertInstanceOf(IntentCommits.Retry.class, thrown.getCause());
    }
}
