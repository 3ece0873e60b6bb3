package dev.roundhouse.api;

import dev.roundhouse.csv.CsvFormatException;
import dev.roundhouse.kafka.UploadPublisher.OnError;
import dev.roundhouse.kafka.UploadPublisher;
import dev.roundhouse.kafka.UploadResult;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Set;

/**
 * POST /uploads: a CSV as multipart/form-data (part {@code file}) or as the raw body, into one Kafka
 * transaction. 200 committed, 409 duplicate file, 422 rejected (on_error=reject), 400/413/415 bad input,
 * 503 Kafka unavailable (nothing committed; retry).
 */
public final class UploadHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(UploadHandler.class.getName());
    private static final Set<String> PARAMS = Set.of("on_error", "charset");

    private final UploadPublisher publisher;
    private final RequestBodies bodies;
    private final UploadMetrics metrics;

    public UploadHandler(UploadPublisher publisher, RequestBodies bodies, UploadMetrics metrics) {
        this.publisher = publisher;
        this.bodies = bodies;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        UploadResult result;
        try {
            result = publish(exchange);
        } catch (HttpError e) {
            metrics.refused(e.code);
            throw e;
        }
        metrics.finished(result);
        log(result);
        respond(exchange, result);
    }

    /** One line per upload, so an upload_id from a client's answer leads to its outcome and figures. */
    private static void log(UploadResult r) {
        LOG.log(Level.INFO, "upload finished", "upload_id", r.uploadId(), "outcome", r.outcome().name().toLowerCase(Locale.ROOT),
                "sha256", r.sha256(), "rows_read", r.rowsRead(), "rows_accepted", r.rowsAccepted(),
                "rows_rejected", r.rowsRejected(), "duration_ms", r.durationMs());
    }

    private UploadResult publish(HttpServerExchange exchange) throws InterruptedException {
        var params = QueryParams.of(exchange, PARAMS);
        OnError onError = onError(params.get("on_error"));
        Charset charset = RequestBodies.charset(params.get("charset"));
        CountingInputStream csv = null;
        try (InputStream body = bodies.csv(exchange)) {
            csv = new CountingInputStream(body);
            return publisher.publish(csv, charset, onError);
        } catch (CsvFormatException e) {
            throw HttpError.invalidCsv(e);
        } catch (UploadPublisher.PublishException e) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "5");
            throw new HttpError(503, "kafka_unavailable", e.getMessage());
        } catch (IOException e) {
            throw RequestBodies.readFailure(e);
        } finally {
            if (csv != null) metrics.read(csv.count());
        }
    }

    private static void respond(HttpServerExchange exchange, UploadResult result) {
        switch (result.outcome()) {
            case COMMITTED -> Json.send(exchange, 200, result);
            case REJECTED -> Json.send(exchange, 422, Json.withError(result, "rows_rejected",
                    result.rowsRejected() + " invalid row(s) and on_error=reject: nothing was committed"));
            case DUPLICATE -> Json.error(exchange, 409, "duplicate_upload",
                    "this file (sha256 " + result.sha256() + ") was already committed", "upload_id", result.duplicateOf());
        }
    }

    private static OnError onError(String value) {
        if (value == null) {
            return OnError.SKIP;
        }
        return switch (value) {
            case "skip" -> OnError.SKIP;
            case "reject" -> OnError.REJECT;
            default -> throw HttpError.parameter("on_error", "expected skip or reject");
        };
    }

}
