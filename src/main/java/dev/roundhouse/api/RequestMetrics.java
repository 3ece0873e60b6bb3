package dev.roundhouse.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;
import java.util.Set;

/**
 * Records every request when its exchange completes (whichever thread finished it): count and latency by
 * route template, method and status, and errors (status ≥ 400) by status. Requests that matched no route,
 * or were refused before routing (401), count under the route {@code other}.
 */
final class RequestMetrics implements HttpHandler {
    /** Any token is a method to Undertow: others are counted together to keep the series bounded. */
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    private final Metrics.Counter requests;
    private final Metrics.Histogram latency;
    private final Metrics.Counter errors;
    private final HttpHandler next;

    RequestMetrics(Metrics metrics, HttpHandler next) {
        this.requests = metrics.counter("roundhouse_http_requests_total", "HTTP requests by route, method and status",
                "route", "method", "status");
        this.latency = metrics.histogram("roundhouse_http_request_duration_seconds",
                "HTTP request latency, from routing to the end of the response", Metrics.LATENCY_BUCKETS,
                "route", "method", "status");
        this.errors = metrics.counter("roundhouse_http_errors_total", "HTTP responses with status 400 and above", "status");
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long started = System.nanoTime();
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                record(ex, (System.nanoTime() - started) / 1e9);
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }

    private void record(HttpServerExchange ex, double seconds) {
        PathTemplateMatch match = ex.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        String route = match == null ? "other" : match.getMatchedTemplate();
        String method = KNOWN_METHODS.contains(ex.getRequestMethod().toString()) ? ex.getRequestMethod().toString() : "other";
        String status = Integer.toString(ex.getStatusCode());
        requests.inc(route, method, status);
        latency.observe(seconds, route, method, status);
        if (ex.getStatusCode() >= 400) {
            errors.inc(status);
        }
    }
}
