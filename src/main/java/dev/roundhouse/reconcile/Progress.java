package dev.roundhouse.reconcile;

/** How far a reconciliation has read its CSV; written by the reconciling thread, read by anyone. */
public final class Progress {
    private volatile long bytesRead;
    private volatile long rowsRead;

    void update(long bytes, long rows) {
        bytesRead = bytes;
        rowsRead = rows;
    }

    public long bytesRead() {
        return bytesRead;
    }

    public long rowsRead() {
        return rowsRead;
    }
}
