package dev.roundhouse.kafka;

import org.apache.kafka.clients.producer.Producer;

/**
 * The lifecycle of one upload's Kafka transaction on a borrowed producer: begun when opened, then committed or
 * aborted exactly once. Closing a transaction that neither committed nor aborted aborts it; a producer whose abort
 * fails is unusable and is replaced in the pool, any other goes back.
 */
final class UploadTransaction implements AutoCloseable {
    private final TransactionalProducers producers;
    private final TransactionalProducers.Lease lease;
    private boolean ended;

    private UploadTransaction(TransactionalProducers producers, TransactionalProducers.Lease lease) {
        this.producers = producers;
        this.lease = lease;
    }

    /** Borrows a producer (waiting while all are leased) and begins a transaction on it. */
    static UploadTransaction begin(TransactionalProducers producers) throws InterruptedException {
        var lease = producers.borrow();
        try {
            lease.producer().beginTransaction();
        } catch (RuntimeException e) {
            producers.discard(lease);
            throw e;
        }
        return new UploadTransaction(producers, lease);
    }

    Producer<byte[], byte[]> producer() {
        return lease.producer();
    }

    /** Makes every record sent in it visible to read_committed consumers; throws if any send failed. */
    void commit() {
        lease.producer().commitTransaction();
        ended = true;
    }

    /** Drops every record sent in it. */
    void abort() {
        lease.producer().abortTransaction();
        ended = true;
    }

    @Override
    public void close() {
        if (ended || abortQuietly()) {
            producers.giveBack(lease);
        } else {
            producers.discard(lease);
        }
    }

    /** Aborts after a failure; false when the producer is unusable and must be replaced. */
    private boolean abortQuietly() {
        try {
            lease.producer().abortTransaction();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
