package dev.roundhouse.api;

import dev.roundhouse.csv.CsvFormatException;
import dev.roundhouse.reconcile.Reconciler;
import dev.roundhouse.reconcile.Reconciliations;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Set;

/**
 * POST /reconciliations: the CSV (as for uploads) compared with ClickHouse. 200 with the report, or with
 * {@code async=true} 202 {@code {id, status}} to poll at GET /reconciliations/{id}. 400/413/415 bad input,
 * 422 a sum beyond the long range, 429 too many running.
 */
public final class ReconciliationHandler implements HttpHandler {
    private static final Set<String> PARAMS = Set.of("charset", "async", "sample_limit");
    static final int MAX_SAMPLE_LIMIT = 100_000;

    private final Reconciliations reconciliations;
    private final RequestBodies bodies;

    public ReconciliationHandler(Reconciliations reconciliations, RequestBodies bodies) {
        this.reconciliations = reconciliations;
        this.bodies = bodies;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        var params = QueryParams.of(exchange, PARAMS);
        Charset charset = RequestBodies.charset(params.get("charset"));
        boolean async = params.flag("async");
        int sampleLimit = params.integer("sample_limit", Reconciler.DEFAULT_SAMPLE_LIMIT, 0, MAX_SAMPLE_LIMIT);
        try (InputStream csv = bodies.csv(exchange)) {
            if (async) {
                Json.send(exchange, 202, reconciliations.start(csv, charset, sampleLimit));
            } else {
                Json.send(exchange, 200, reconciliations.run(csv, charset, sampleLimit));
            }
        } catch (CsvFormatException e) {
            throw HttpError.invalidCsv(e);
        } catch (ArithmeticException e) {
            throw new HttpError(422, "sum_out_of_range", e.getMessage());
        } catch (Reconciliations.Busy e) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "10");
            throw new HttpError(429, "too_many_reconciliations", e.getMessage());
        } catch (IOException e) {
            throw RequestBodies.readFailure(e);
        }
    }
}
