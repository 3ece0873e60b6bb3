package dev.roundhouse.kafka;

import dev.roundhouse.avro.GameRoundEncoder;
import dev.roundhouse.csv.CsvFormatException;
import dev.roundhouse.csv.RoundReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One upload = one Kafka transaction ({@link UploadTransaction}) holding its rows ({@link UploadRows}) and, when it
 * commits, its ledger entry ({@link UploadLedger}). Nothing becomes visible to read_committed consumers unless the
 * whole upload commits, and of two uploads of one file, on any instances, at most one commits.
 */
public final class UploadPublisher {
    /** How invalid rows are handled. */
    public enum OnError { SKIP, REJECT }

    /** Row errors listed in a response; the count is always complete. */
    public static final int MAX_LISTED_ERRORS = 100;

    private final String topic;
    private final String instanceId;
    private final TransactionalProducers producers;
    private final UploadLedger ledger;
    private final GameRoundEncoder encoder;
    private final UploadLedger.DecisionPoint decisionPoint;

    public UploadPublisher(String topic, String instanceId, TransactionalProducers producers, UploadLedger ledger, GameRoundEncoder encoder) {
        this(topic, instanceId, producers, ledger, encoder, UploadLedger.DecisionPoint.NONE);
    }

    /** With a hook called before each upload decides whether it is a duplicate (tests hold two uploads there). */
    public UploadPublisher(String topic, String instanceId, TransactionalProducers producers, UploadLedger ledger,
                           GameRoundEncoder encoder, UploadLedger.DecisionPoint decisionPoint) {
        this.topic = topic;
        this.instanceId = instanceId;
        this.producers = producers;
        this.ledger = ledger;
        this.encoder = encoder;
        this.decisionPoint = decisionPoint;
    }

    /**
     * Streams the CSV body into one transaction. Throws {@link CsvFormatException} when the body is not
     * this CSV at all (before anything is produced) and {@link PublishException} when Kafka fails (the
     * transaction is aborted; the client may retry).
     */
    public UploadResult publish(InputStream body, Charset forcedCharset, OnError onError)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        String uploadId = UUID.randomUUID().toString();
        MessageDigest sha = sha256();
        RoundReader reader = RoundReader.open(new DigestInputStream(body, sha), forcedCharset);
        UploadTransaction transaction;
        try {
            transaction = UploadTransaction.begin(producers);
        } catch (RuntimeException e) {
            throw new PublishException("Kafka is not accepting transactions: " + e.getMessage(), e);
        }
        try (transaction) {
            var rows = new UploadRows(topic, encoder, onError == OnError.REJECT, MAX_LISTED_ERRORS);
            UploadRows.Counts counts = rows.send(reader, transaction.producer(), uploadId);
            var upload = new Upload(uploadId, HexFormat.of().formatHex(sha.digest()), counts, started);
            if (onError == OnError.REJECT && counts.rejected() > 0) {
                transaction.abort();
                return result(upload, UploadResult.Outcome.REJECTED, null);
            }
            return decide(transaction, upload);
        } catch (RuntimeException e) {
            throw new PublishException("Kafka transaction failed, nothing was committed: " + e.getMessage(), e);
        }
    }

    /** Commits the upload unless another upload of the same file committed first (then 409, aborted). */
    private UploadResult decide(UploadTransaction transaction, Upload upload) throws InterruptedException {
        var duplicateOf = ledger.reserve(upload.sha256(), upload.id());
        if (duplicateOf.isPresent()) {
            transaction.abort();
            return result(upload, UploadResult.Outcome.DUPLICATE, duplicateOf.get());
        }
        try {
            var entry = new LedgerEntry(upload.id(), upload.sha256(), upload.counts().read(), upload.counts().accepted(),
                    upload.counts().rejected(), System.currentTimeMillis(), instanceId);
            duplicateOf = ledger.decide(transaction.producer(), entry, decisionPoint);
            if (duplicateOf.isPresent()) {
                transaction.abort();
                return result(upload, UploadResult.Outcome.DUPLICATE, duplicateOf.get());
            }
            transaction.commit();
            return result(upload, UploadResult.Outcome.COMMITTED, null);
        } finally {
            ledger.release(upload.sha256(), upload.id());
        }
    }

    /** An upload read to its end: what it counted, for the answer. */
    private record Upload(String id, String sha256, UploadRows.Counts counts, long startedNanos) {}

    private UploadResult result(Upload upload, UploadResult.Outcome outcome, String duplicateOf) {
        var c = upload.counts();
        long accepted = outcome == UploadResult.Outcome.COMMITTED ? c.accepted() : 0;
        return new UploadResult(outcome, upload.id(), upload.sha256(), c.read(), accepted, c.rejected(), c.errors(),
                c.rejected() > c.errors().size(), topic, encoder.schemaId(), duplicateOf, (System.nanoTime() - upload.startedNanos()) / 1_000_000);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kafka failed mid-upload; the transaction was aborted and the upload can be retried. */
    public static final class PublishException extends RuntimeException {
        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
