package dev.roundhouse.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * Rendered responses of read-only lookups, shared by identical requests. Dashboards ask the same
 * questions many times a second; concurrent identical requests wait for one ClickHouse query, and its
 * answer is reused until the data changes (the version moves when the sink inserts) or the time-to-live
 * passes (the bound on staleness when another process inserts). A result rendered while the data
 * changed is handed to the requests that waited for it but never stored.
 */
public final class ResponseCache {
    /** Renders a response body; may throw what the request would throw. */
    @FunctionalInterface
    public interface Renderer {
        byte[] render() throws Exception;
    }

    private record Entry(long version, long expiresAtNanos, byte[] body) {}

    private final LongSupplier dataVersion;
    private final long ttlNanos;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();

    public ResponseCache(LongSupplier dataVersion, long ttlMillis, int maxEntries) {
        this.dataVersion = dataVersion;
        this.ttlNanos = ttlMillis * 1_000_000;
        this.maxEntries = maxEntries;
    }

    public byte[] get(String key, Renderer renderer) throws Exception {
        if (ttlNanos <= 0) {
            return renderer.render();
        }
        long version = dataVersion.getAsLong();
        Entry hit = entries.get(key);
        if (hit != null && hit.version == version && System.nanoTime() < hit.expiresAtNanos) {
            return hit.body;
        }
        String flightKey = version + "\u0000" + key; // never join a query that started before the data changed
        var mine = new CompletableFuture<byte[]>();
        var running = inFlight.putIfAbsent(flightKey, mine);
        if (running != null) {
            return await(running);
        }
        try {
            byte[] body = renderer.render();
            if (dataVersion.getAsLong() == version) {
                if (entries.size() >= maxEntries) {
                    entries.clear(); // crude but bounded; a full cache is rare and refills in one round of requests
                }
                entries.put(key, new Entry(version, System.nanoTime() + ttlNanos, body));
            }
            mine.complete(body);
            return body;
        } catch (Exception | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(flightKey, mine);
        }
    }

    private static byte[] await(CompletableFuture<byte[]> running) throws Exception {
        try {
            return running.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
