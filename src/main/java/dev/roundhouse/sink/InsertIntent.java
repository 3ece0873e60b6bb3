package dev.roundhouse.sink;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * The offset range [first, last] of one partition that its owner is about to INSERT, committed to the consumer
 * group as {@code OffsetAndMetadata(first, "insert first-last")} before the INSERT starts. The group coordinator
 * accepts the commit only from the partition's current owner (a member fenced out by a rebalance gets
 * CommitFailedException), so an instance that lost the partition never starts another INSERT, and the next
 * owner learns from the committed intent exactly which range may still be in flight (see {@link ResumePoint}).
 */
record InsertIntent(long first, long last) {
    private static final Pattern METADATA = Pattern.compile("insert (\\d+)-(\\d+)");

    InsertIntent {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("bad range " + first + "-" + last);
        }
    }

    /** What is committed to the group before the INSERT. */
    OffsetAndMetadata commit() {
        return new OffsetAndMetadata(first, "insert " + first + "-" + last);
    }

    /** The intent a committed offset carries; empty for a plain progress commit (or none). */
    static Optional<InsertIntent> of(OffsetAndMetadata committed) {
        if (committed == null || committed.metadata() == null) {
            return Optional.empty();
        }
        Matcher m = METADATA.matcher(committed.metadata());
        return m.matches() ? Optional.of(new InsertIntent(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))) : Optional.empty();
    }

    /**
     * The insert_deduplication_token of this range: the same for every instance that inserts it (same topic,
     * partition, offsets, and the upload the last row came from, which keeps a re-created topic's offsets from
     * matching an old token).
     */
    String token(String topic, int partition, String lastUploadId) {
        return topic + ":" + partition + ":" + first + "-" + last + ":" + lastUploadId;
    }
}
