package dev.roundhouse.api;

import dev.roundhouse.clickhouse.StoredUploads;
import dev.roundhouse.kafka.LedgerEntry;
import dev.roundhouse.kafka.UploadLedger;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GET /uploads/{id} and GET /uploads (newest first, paged by limit and offset): committed uploads from the
 * shared ledger, so every instance knows every upload, with their ingest progress in ClickHouse.
 */
public final class UploadStatusHandler {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final UploadLedger ledger;
    private final StoredUploads stored;

    public UploadStatusHandler(UploadLedger ledger, StoredUploads stored) {
        this.ledger = ledger;
        this.stored = stored;
    }

    /** GET /uploads/{id}; 404 for an id no committed upload has (rejected and duplicate uploads are not kept). */
    public HttpHandler one() {
        return exchange -> {
            String id = QueryParams.of(exchange, Set.of("id")).get("id"); // the routing template puts {id} among the parameters
            LedgerEntry entry = ledger.upload(id).orElseThrow(() -> new HttpError(404, "not_found",
                    "no committed upload " + QueryParams.printable(id)));
            Json.send(exchange, 200, statuses(List.of(entry)).getFirst());
        };
    }

    /** GET /uploads?limit=&offset=: {items, next_offset} (null on the last page). */
    public HttpHandler page() {
        return this::page;
    }

    private void page(HttpServerExchange exchange) {
        var params = QueryParams.of(exchange, Set.of("limit", "offset"));
        int limit = params.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = params.integer("offset", 0, 0, Integer.MAX_VALUE);
        List<LedgerEntry> entries = ledger.recent(offset, limit + 1);
        boolean more = entries.size() > limit;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", statuses(more ? entries.subList(0, limit) : entries));
        body.put("next_offset", more ? offset + limit : null);
        Json.send(exchange, 200, body);
    }

    private List<UploadStatus> statuses(List<LedgerEntry> entries) {
        Map<String, Long> rows = stored.rowCounts(entries.stream().map(LedgerEntry::uploadId).toList());
        return entries.stream().map(e -> UploadStatus.of(e, rows.getOrDefault(e.uploadId(), 0L))).toList();
    }
}
