package dev.roundhouse.api;

import dev.roundhouse.kafka.UploadResult;
import java.util.Locale;

/** What uploads did: by outcome (including the refused ones), rows accepted and rejected, CSV bytes read. */
public final class UploadMetrics {
    private final Metrics.Counter uploads;
    private final Metrics.Counter rows;
    private final Metrics.Counter bytes;

    public UploadMetrics(Metrics metrics) {
        uploads = metrics.counter("roundhouse_uploads_total",
                "uploads by outcome: committed, rejected, duplicate, or the error code that refused them", "outcome");
        rows = metrics.counter("roundhouse_upload_rows_total", "data rows of uploads by result: accepted (committed) or rejected", "result");
        bytes = metrics.counter("roundhouse_upload_bytes_total", "CSV bytes read from upload bodies");
    }

    void finished(UploadResult result) {
        uploads.inc(result.outcome().name().toLowerCase(Locale.ROOT));
        rows.add(result.rowsAccepted(), "accepted");
        rows.add(result.rowsRejected(), "rejected");
    }

    void refused(String errorCode) {
        uploads.inc(errorCode);
    }

    void read(long byteCount) {
        bytes.add(byteCount);
    }
}
