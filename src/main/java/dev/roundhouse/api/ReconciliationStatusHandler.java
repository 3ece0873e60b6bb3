package dev.roundhouse.api;

import dev.roundhouse.reconcile.Reconciliations;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Set;

/** GET /reconciliations/{id}: a background reconciliation's progress, and its report once done; 404 when unknown or expired. */
public final class ReconciliationStatusHandler implements HttpHandler {
    private final Reconciliations reconciliations;

    public ReconciliationStatusHandler(Reconciliations reconciliations) {
        this.reconciliations = reconciliations;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String id = QueryParams.of(exchange, Set.of("id")).get("id"); // the routing template puts {id} among the parameters
        var status = reconciliations.find(id)
                .orElseThrow(() -> new HttpError(404, "not_found", "no reconciliation " + QueryParams.printable(id) + " (unknown, or finished and expired)"));
        Json.send(exchange, 200, status);
    }
}
