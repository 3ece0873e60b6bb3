package dev.roundhouse.kafka;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What the ledger keeps about one committed upload (JSON in the ledger topic, keyed by the file's SHA-256).
 * Entries written before the replicas change carry only uploadId, rowsAccepted and committedAtMillis; the
 * other fields then read as null or 0.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedgerEntry(String uploadId, String sha256, long rowsRead, long rowsAccepted, long rowsRejected,
                          long committedAtMillis, String instanceId) {
    LedgerEntry withSha256(String sha) {
        return new LedgerEntry(uploadId, sha, rowsRead, rowsAccepted, rowsRejected, committedAtMillis, instanceId);
    }
}
