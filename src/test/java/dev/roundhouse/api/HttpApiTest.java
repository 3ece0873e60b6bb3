package dev.roundhouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpApiTest {
    private static final int REQUESTS = 4_000;

    /** Each request runs on its own virtual thread; the buffers it wrote through must go back to the pool. */
    @Test
    void requestsOnVirtualThreadsDoNotStrandDirectBuffers() throws Exception {
        byte[] page = new byte[20_000];
        Arrays.fill(page, (byte) 'x');
        var api = new HttpApi(new Metrics(), List.of(), Duration.ofSeconds(30))
                .get("/page", exchange -> exchange.getOutputStream().write(page));
        int port = api.start("127.0.0.1", 0);
        try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/page")).build();
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long before = directBytes();
            for (int i = 0; i < REQUESTS; i++) {
                var response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, response.statusCode());
                assertEquals(page.length, response.body().length);
            }
            long grown = directBytes() - before;
            // stranded buffers would be 16 KiB per request: 64 MB here
            assertTrue(grown < 4L << 20, "direct memory grew by " + grown + " bytes over " + REQUESTS + " requests");
        } finally {
            api.stop(1_000);
        }
    }

    private static long directBytes() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
