package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.roundhouse.kafka.LedgerEntry;
import java.time.Instant;

/**
 * A committed upload as GET /uploads answers it: its summary from the ledger and its ingest progress, the rows
 * game_rounds holds against rows_accepted; {@code landed} once all are there (its data is then queryable).
 */
record UploadStatus(
        @JsonProperty("upload_id") String uploadId,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("rows_read") long rowsRead,
        @JsonProperty("rows_accepted") long rowsAccepted,
        @JsonProperty("rows_rejected") long rowsRejected,
        @JsonProperty("committed_at") String committedAt,
        @JsonProperty("instance_id") String instanceId,
        @JsonProperty("rows_in_clickhouse") long rowsInClickHouse,
        @JsonProperty("landed") boolean landed) {

    static UploadStatus of(LedgerEntry entry, long rowsInClickHouse) {
        return new UploadStatus(entry.uploadId(), entry.sha256(), entry.rowsRead(), entry.rowsAccepted(), entry.rowsRejected(),
                Instant.ofEpochMilli(entry.committedAtMillis()).toString(), entry.instanceId(), rowsInClickHouse,
                rowsInClickHouse >= entry.rowsAccepted());
    }
}
