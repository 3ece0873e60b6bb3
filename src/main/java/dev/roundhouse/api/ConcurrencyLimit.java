package dev.roundhouse.api;

import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.util.concurrent.Semaphore;

/**
 * A bound on how many requests of one kind run at once (uploads and reconciliations each hold a Kafka
 * producer or a large in-memory aggregate). One more is answered at once with 429 and Retry-After, never
 * queued: the client decides whether to wait.
 */
public final class ConcurrencyLimit {
    static final String RETRY_AFTER_SECONDS = "5";

    private final Semaphore slots;
    private final int limit;

    public ConcurrencyLimit(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        this.slots = new Semaphore(limit);
        this.limit = limit;
    }

    /** {@code handler}, run only while a slot is free. */
    public HttpHandler guard(HttpHandler handler) {
        return exchange -> {
            if (!slots.tryAcquire()) {
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, RETRY_AFTER_SECONDS);
                throw new HttpError(429, "too_many_requests",
                        limit + " uploads/reconciliations are already running (ROUNDHOUSE_MAX_CONCURRENT_UPLOADS); retry later");
            }
            try {
                handler.handleRequest(exchange);
            } finally {
                slots.release();
            }
        };
    }

    /** Slots in use now (a gauge). */
    public int inUse() {
        return limit - slots.availablePermits();
    }
}
