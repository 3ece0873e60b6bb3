package dev.roundhouse.kafka;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.roundhouse.model.RowError;
import java.util.List;

/** The summary an upload answers with; {@link #outcome} decides the HTTP status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadResult(
        @JsonIgnore Outcome outcome,
        @JsonProperty("upload_id") String uploadId,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("rows_read") long rowsRead,
        @JsonProperty("rows_accepted") long rowsAccepted,
        @JsonProperty("rows_rejected") long rowsRejected,
        @JsonProperty("errors") List<RowError> errors,
        @JsonProperty("errors_truncated") boolean errorsTruncated,
        @JsonProperty("topic") String topic,
        @JsonProperty("schema_id") int schemaId,
        @JsonProperty("duplicate_of") String duplicateOf,
        @JsonProperty("duration_ms") long durationMs) {

    public enum Outcome {
        /** The transaction committed: every accepted row is visible to read_committed consumers. */
        COMMITTED,
        /** on_error=reject and some row was invalid: the transaction was aborted. */
        REJECTED,
        /** A committed upload already had this file: the transaction was aborted. */
        DUPLICATE
    }
}
