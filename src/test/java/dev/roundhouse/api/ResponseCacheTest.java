package dev.roundhouse.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {
    private final AtomicLong version = new AtomicLong();
    private final AtomicInteger renders = new AtomicInteger();

    @Test
    void concurrentIdenticalRequestsShareOneRender() throws Exception {
        var cache = new ResponseCache(version::get, 60_000, 100);
        var release = new CountDownLatch(1);
        List<Future<byte[]>> answers = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> cache.get("q", () -> {
                    renders.incrementAndGet();
                    release.await(5, TimeUnit.SECONDS);
                    return new byte[] {42};
                })));
            }
            Thread.sleep(200);
            release.countDown();
            for (var answer : answers) {
                assertArrayEquals(new byte[] {42}, answer.get(5, TimeUnit.SECONDS));
            }
        }
        assertEquals(1, renders.get());
        assertArrayEquals(new byte[] {42}, cache.get("q", this::render));
        assertEquals(1, renders.get());
    }

    @Test
    void newDataInvalidates() throws Exception {
        var cache = new ResponseCache(version::get, 60_000, 100);
        assertArrayEquals(new byte[] {1}, cache.get("q", this::render));
        assertArrayEquals(new byte[] {1}, cache.get("q", this::render));
        version.incrementAndGet();
        assertArrayEquals(new byte[] {2}, cache.get("q", this::render));
    }

    @Test
    void aResultRenderedWhileDataChangedIsNotStored() throws Exception {
        var cache = new ResponseCache(version::get, 60_000, 100);
        cache.get("q", () -> {
            version.incrementAndGet(); // the sink inserted while the query ran
            return render();
        });
        assertArrayEquals(new byte[] {2}, cache.get("q", this::render));
    }

    @Test
    void errorsAndZeroTtlAreNeverCached() throws Exception {
        var cache = new ResponseCache(version::get, 60_000, 100);
        assertThrows(IllegalStateException.class, () -> cache.get("q", () -> {
            throw new IllegalStateException("ClickHouse down");
        }));
        assertArrayEquals(new byte[] {1}, cache.get("q", this::render));
        var off = new ResponseCache(version::get, 0, 100);
        off.get("q", this::render);
        off.get("q", this::render);
        assertEquals(3, renders.get());
    }

    @Test
    void aPageInTheSecondHalfOfItsLifeIsServedAndRefreshedInTheBackground() throws Exception {
        var now = new AtomicLong();
        var cache = new ResponseCache(version::get, 1_000, 100, now::get);
        assertArrayEquals(new byte[] {1}, cache.get("q", this::render));
        now.set(400_000_000);
        assertArrayEquals(new byte[] {1}, cache.get("q", this::render));
        assertEquals(1, renders.get(), "young page: no refresh");

        var refreshed = new CountDownLatch(1);
        now.set(600_000_000);
        assertArrayEquals(new byte[] {1}, cache.get("q", () -> {
            refreshed.countDown();
            return render();
        }), "old page: still served at once");
        assertTrue(refreshed.await(5, TimeUnit.SECONDS));
        byte[] next = null;
        for (int i = 0; i < 500 && (next == null || next[0] != 2); i++) { // the refresh stores its page just after rendering
            Thread.sleep(10);
            next = cache.get("q", this::render);
        }
        assertArrayEquals(new byte[] {2}, next);
        assertEquals(2, renders.get());

        now.set(1_700_000_000); // past the refreshed page's time-to-live (rendered at 0.6 s): rendered in the request
        assertArrayEquals(new byte[] {3}, cache.get("q", this::render));
    }

    @Test
    void aFailedRefreshLeavesThePageToExpire() throws Exception {
        var now = new AtomicLong();
        var cache = new ResponseCache(version::get, 1_000, 100, now::get);
        cache.get("q", this::render);
        now.set(900_000_000);
        var failed = new CountDownLatch(1);
        assertArrayEquals(new byte[] {1}, cache.get("q", () -> {
            failed.countDown();
            throw new IllegalStateException("ClickHouse down");
        }));
        assertTrue(failed.await(5, TimeUnit.SECONDS));
        now.set(1_000_000_000);
        assertThrows(IllegalStateException.class, () -> cache.get("q", () -> {
            throw new IllegalStateException("ClickHouse down");
        }));
    }

    private byte[] render() {
        return new byte[] {(byte) renders.incrementAndGet()};
    }
}
