package dev.roundhouse.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * GET /health: 200 when every dependency answers, 503 naming the parts that do not. Checks run in parallel.
 * Facts fixed at start-up (the instance id, the ClickHouse version and the features used) follow the checks.
 */
public final class HealthHandler implements HttpHandler {
    private final Map<String, BooleanSupplier> checks;
    private final Map<String, Object> facts;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public HealthHandler(Map<String, BooleanSupplier> checks, Map<String, Object> facts) {
        this.checks = checks;
        this.facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Map<String, Future<Boolean>> running = new LinkedHashMap<>();
        checks.forEach((name, check) -> running.put(name, executor.submit(check::getAsBoolean)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        for (var e : running.entrySet()) {
            boolean ok;
            try {
                ok = e.getValue().get();
            } catch (Exception failure) {
                ok = false;
            }
            body.put(e.getKey(), ok ? "ok" : "down");
            if (!ok) {
                body.put("status", "degraded");
            }
        }
        body.putAll(facts);
        Json.send(exchange, "ok".equals(body.get("status")) ? 200 : 503, body);
    }
}
