package dev.roundhouse.sink;

import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Where a newly assigned partition starts, from what ClickHouse holds (max(_offset) + 1) and the group's
 * committed offset. When the last owner committed an {@link InsertIntent} whose range is not completely
 * stored, that INSERT may still be in flight (the owner crashed, or is frozen and about to resume): the range
 * is inserted again as exactly one batch, so that both INSERTs carry the same deduplication token and
 * ClickHouse keeps whichever lands first.
 *
 * @param offset where the consumer seeks
 * @param redo   the range to insert as one batch first, if any
 */
record ResumePoint(long offset, Optional<InsertIntent> redo) {
    static ResumePoint of(long storedNext, OffsetAndMetadata committed) {
        Optional<InsertIntent> intent = InsertIntent.of(committed);
        if (intent.isPresent() && storedNext <= intent.get().last()) {
            // storedNext may lie below the intent's first offset: offsets between are transaction markers or aborted
            // records (an intent is committed only after every row before it landed), e.g. max(_offset)+1 = 8742 with
            // the intent 8743-10742 (8742 the commit marker of the upload before): reading from there is the same.
            return new ResumePoint(Math.min(storedNext, intent.get().first()), intent);
        }
        return new ResumePoint(storedNext, Optional.empty());
    }
}
