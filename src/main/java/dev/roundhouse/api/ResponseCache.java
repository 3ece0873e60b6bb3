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
 *
 * <p>A page in the second half of its life is refreshed ahead: the request that finds it gets it at once and
 * one background query renders its successor, so under steady traffic no request waits for the time-to-live
 * to run out (that wait was the 50-client p99), and no page served is older than the time-to-live.
 */
public final class ResponseCache {
    /** Renders a response body; may throw what the request would throw. */
    @FunctionalInterface
    public interface Renderer {
        byte[] render() throws Exception;
    }

    @SuppressWarnings("ArrayRecordComponent") // holds a rendered body that is only ever written out, never compared
    private record Entry(long version, long refreshAtNanos, long expiresAtNanos, byte[] body) {}

    private final LongSupplier dataVersion;
    private final LongSupplier clock;
    private final long ttlNanos;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();

    public ResponseCache(LongSupplier dataVersion, long ttlMillis, int maxEntries) {
        this(dataVersion, ttlMillis, maxEntries, System::nanoTime);
    }

    ResponseCache(LongSupplier dataVersion, long ttlMillis, int maxEntries, LongSupplier clock) {
        this.dataVersion = dataVersion;
        this.clock = clock;
        this.ttlNanos = ttlMillis * 1_000_000;
        this.maxEntries = maxEntries;
    }

    public byte[] get(String key, Renderer renderer) throws Exception {
        if (ttlNanos <= 0) {
            return renderer.render();
        }
        long version = dataVersion.getAsLong();
        Entry hit = entries.get(key);
        long now = clock.getAsLong();
        if (hit != null && hit.version == version && now < hit.expiresAtNanos) {
            if (now >= hit.refreshAtNanos) {
                refreshAhead(key, version, renderer);
            }
            return hit.body;
        }
        String flightKey = flightKey(key, version);
        var mine = new CompletableFuture<byte[]>();
        var running = inFlight.putIfAbsent(flightKey, mine);
        if (running != null) {
            return await(running);
        }
        return render(key, version, flightKey, mine, renderer);
    }

    /** Starts one background render of {@code key} unless one is running; its failure only means no refresh. */
    private void refreshAhead(String key, long version, Renderer renderer) {
        String flightKey = flightKey(key, version);
        var mine = new CompletableFuture<byte[]>();
        if (inFlight.putIfAbsent(flightKey, mine) == null) {
            Thread.ofVirtual().name("aggregates-refresh").start(() -> {
                try {
                    render(key, version, flightKey, mine, renderer);
                } catch (Exception | Error ignored) {
                    // the page expires as usual and the next request renders it, and sees the error, itself
                }
            });
        }
    }

    /** Never join a query that started before the data changed. */
    private static String flightKey(String key, long version) {
        return version + "\u0000" + key;
    }

    private byte[] render(String key, long version, String flightKey, CompletableFuture<byte[]> mine, Renderer renderer) throws Exception {
        try {
            long started = clock.getAsLong();
            byte[] body = renderer.render();
            if (dataVersion.getAsLong() == version) {
                if (entries.size() >= maxEntries) {
                    entries.clear(); // crude but bounded; a full cache is rare and refills in one round of requests
                }
                entries.put(key, new Entry(version, started + ttlNanos / 2, started + ttlNanos, body));
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
