package dev.roundhouse.avro;

/**
 * A Kafka record value that can never be decoded into a game round: wrong magic byte, unknown or
 * non-Avro schema id, a writer schema our reader schema cannot resolve, truncated or corrupt Avro.
 * Retrying does not help; the sink sends such records to the dead-letter topic.
 */
public final class MalformedRecordException extends Exception {
    public MalformedRecordException(String reason) {
        super(reason);
    }

    public MalformedRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
