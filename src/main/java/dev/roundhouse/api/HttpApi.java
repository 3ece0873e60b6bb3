package dev.roundhouse.api;

import dev.roundhouse.clickhouse.ClickHouseException;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.Headers;
import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP front: routes, and the handler chain every request passes through
 * (graceful shutdown → dispatch to a virtual thread → route). Handlers run blocking on their virtual thread.
 */
public final class HttpApi implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());
    private static final int RETRY_AFTER_SECONDS = 5;

    private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final RoutingHandler routes = new RoutingHandler().setFallbackHandler(
            ex -> Json.error(ex, 404, "not_found", "no route for " + ex.getRequestMethod() + " " + ex.getRequestPath()));
    private GracefulShutdownHandler shutdown;
    private Undertow server;

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
        shutdown = new GracefulShutdownHandler(routes);
        server = Undertow.builder()
                .addHttpListener(port, host)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                .setHandler(shutdown)
                .build();
        server.start();
        var address = (java.net.InetSocketAddress) server.getListenerInfo().getFirst().getAddress();
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
        virtualThreads.shutdown();
        virtualThreads.awaitTermination(1, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        stop(0);
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
        } catch (BadRequest e) {
            if (!exchange.isResponseStarted()) {
                Json.error(exchange, e.status, e.code, e.getMessage());
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
        LOG.log(Level.WARNING, exchange.getRequestMethod() + " " + exchange.getRequestPath() + ": " + e.getMessage());
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
