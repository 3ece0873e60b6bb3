package dev.roundhouse.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/** GET /health: 200 when every dependency answers, 503 naming the parts that do not. Checks run in parallel. */
public final class HealthHandler implements HttpHandler {
    private final Map<String, BooleanSupplier> checks;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public HealthHandler(Map<String, BooleanSupplier> checks) {
        this.checks = checks;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Map<String, Future<Boolean>> running = new LinkedHashMap<>();
        checks.forEach((name, check) -> running.put(name, executor.submit(check::getAsBoolean)));
        Map<String, String> body = new LinkedHashMap<>();
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
        Json.send(exchange, "ok".equals(body.get("status")) ? 200 : 503, body);
    }
}
