package dev.roundhouse.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** Serves one JSON file from the classpath (e.g. GET /openapi.json), read once at start-up. */
public final class StaticJsonHandler implements HttpHandler {
    private final byte[] body;

    public StaticJsonHandler(String resource) {
        try (InputStream in = StaticJsonHandler.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws IOException {
        QueryParams.of(exchange, Set.of());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        exchange.getOutputStream().write(body);
    }
}
