package dev.roundhouse.api;

import dev.roundhouse.clickhouse.ClickHouseException;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.Options;

/**
 * The HTTP front: routes, and the handler chain every request passes through (graceful shutdown → metrics →
 * API-key check when keys are configured → route → dispatch to a virtual thread). Handlers run blocking on
 * their virtual thread. Serves GET /metrics itself.
 */
public final class HttpApi implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());
    private static final int RETRY_AFTER_SECONDS = 5;
    /** The request line and headers must arrive within this (slow-loris on headers). */
    private static final int HEADER_READ_TIMEOUT_MILLIS = 10_000;
    /** How much of a refused request's body is read and dropped before the connection is closed instead. */
    private static final long DISCARD_BYTES = 64L << 20;
    private static final long DISCARD_MILLIS = 10_000;

    /**
     * Undertow's default pool keeps released buffers in a per-thread cache and frees the rest; every request here
     * runs on a fresh virtual thread, so each one stranded a 16 KiB direct buffer in a dead thread's cache until a
     * GC got round to it — the service hit "Cannot reserve direct buffer memory" (1 GiB at -Xmx1g) after ~65,000
     * lookups. This pool has no per-thread cache and keeps up to 8 MiB of released buffers for reuse.
     */
    private final DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024, 512, 0);

    private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final RoutingHandler routes = new RoutingHandler().setFallbackHandler(
            ex -> Json.error(ex, 404, "not_found", "no route for " + ex.getRequestMethod() + " " + QueryParams.printable(ex.getRequestPath())));
    private final Metrics metrics;
    private final List<String> apiKeys;
    private final Duration idleTimeout;
    private GracefulShutdownHandler shutdown;
    private Undertow server;

    /**
     * @param apiKeys     empty for no authentication
     * @param idleTimeout a connection with nothing to read or write for this long is closed (also between requests)
     */
    public HttpApi(Metrics metrics, List<String> apiKeys, Duration idleTimeout) {
        this.metrics = metrics;
        this.apiKeys = List.copyOf(apiKeys);
        this.idleTimeout = idleTimeout;
        get("/metrics", ex -> {
            byte[] text = metrics.write().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            ex.getOutputStream().write(text);
        });
    }

    public HttpApi get(String path, HttpHandler handler) {
        routes.get(path, onVirtualThread(handler));
        return this;
    }

    public HttpApi post(String path, HttpHandler handler) {
        routes.post(path, onVirtualThread(handler));
        return this;
    }

    /** Starts listening on 127.0.0.1-or-all (host) and port; returns the bound port (useful with port 0). */
    public int start(String host, int port) {
        HttpHandler chain = apiKeys.isEmpty() ? routes : new ApiKeyAuth(apiKeys, routes);
        shutdown = new GracefulShutdownHandler(new RequestMetrics(metrics, chain));
        int idleMillis = (int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis());
        server = Undertow.builder()
                .addHttpListener(port, host)
                .setByteBufferPool(buffers)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, idleMillis)
                // the idle timeout does not wake a blocking read that waits for a stalled body; these do
                .setSocketOption(Options.READ_TIMEOUT, idleMillis)
                .setSocketOption(Options.WRITE_TIMEOUT, idleMillis)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, idleMillis)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, Math.min(idleMillis, HEADER_READ_TIMEOUT_MILLIS))
                .setHandler(shutdown)
                .build();
        server.start();
        var address = (InetSocketAddress) server.getListenerInfo().getFirst().getAddress();
        return address.getPort();
    }

    /** Stops taking new requests and waits up to {@code graceMillis} for those in flight. */
    public void stop(long graceMillis) throws InterruptedException {
        if (server == null) {
            return;
        }
        shutdown.shutdown();
        if (!shutdown.awaitShutdown(graceMillis)) {
            LOG.log(Level.WARNING, "requests still running after {0} ms; closing anyway", graceMillis);
        }
        server.stop();
        buffers.close();
        virtualThreads.shutdown();
        virtualThreads.awaitTermination(1, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        stop(0);
    }

    /**
     * After a refusal (413, 408, 429, 4xx before reading): reads on a little so a client still sending sees the
     * answer rather than a connection reset, then closes the connection instead of reading a huge body to its end.
     */
    private static void discardRestOfBody(HttpServerExchange exchange) {
        long deadline = System.nanoTime() + DISCARD_MILLIS * 1_000_000L;
        long budget = DISCARD_BYTES;
        byte[] sink = new byte[16 * 1024];
        try {
            var in = exchange.getInputStream();
            while (budget > 0 && System.nanoTime() - deadline < 0 && !exchange.isRequestComplete()) {
                int n = in.read(sink);
                if (n < 0) {
                    return;
                }
                budget -= n;
            }
        } catch (IOException e) {
            // the client went away: closing below is all that is left
        }
        if (!exchange.isRequestComplete()) {
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    /** Moves the request off the I/O thread onto a fresh virtual thread, in blocking mode, with a last-resort 500. */
    private HttpHandler onVirtualThread(HttpHandler handler) {
        return exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(virtualThreads, () -> run(handler, exchange));
            } else {
                run(handler, exchange);
            }
        };
    }

    private static void run(HttpHandler handler, HttpServerExchange exchange) {
        try {
            exchange.startBlocking();
            handler.handleRequest(exchange);
        } catch (HttpError e) {
            if (!exchange.isResponseStarted()) {
                Json.error(exchange, e.status, e.code, e.getMessage());
            }
            if (!exchange.isRequestComplete()) {
                discardRestOfBody(exchange);
            }
        } catch (ClickHouseException e) {
            if (e.retryable()) {
                clickHouseUnavailable(exchange, e);
            } else {
                internalError(exchange, e);
            }
        } catch (Throwable t) {
            internalError(exchange, t);
        } finally {
            exchange.endExchange();
        }
    }

    /** ClickHouse (in a cluster: any shard) is down or overloaded: a 503 the client may retry, not a 500. */
    private static void clickHouseUnavailable(HttpServerExchange exchange, ClickHouseException e) {
        LOG.log(Level.WARNING, "request failed", "method", exchange.getRequestMethod(), "path", exchange.getRequestPath(), "error", e.getMessage());
        if (!exchange.isResponseStarted()) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, RETRY_AFTER_SECONDS);
            Json.error(exchange, 503, "clickhouse_unavailable",
                    "ClickHouse is unavailable (a server or a shard of the cluster is down or overloaded); retry later");
        }
    }

    private static void internalError(HttpServerExchange exchange, Throwable t) {
        LOG.log(Level.ERROR, "unhandled error on " + exchange.getRequestMethod() + " " + exchange.getRequestPath(), t);
        if (!exchange.isResponseStarted()) {
            Json.error(exchange, 500, "internal_error", "unexpected server error; see the service log");
        }
    }
}
