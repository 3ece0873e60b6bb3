package dev.roundhouse.reconcile;

/** How far a reconciliation has read its CSV; written by the reconciling thread, read by anyone. */
final class Progress {
    private volatile long bytesRead;
    private volatile long rowsRead;

    void update(long bytes, long rows) {
        bytesRead = bytes;
        rowsRead = rows;
    }

    long bytesRead() {
        return bytesRead;
    }

    long rowsRead() {
        return rowsRead;
    }
}
