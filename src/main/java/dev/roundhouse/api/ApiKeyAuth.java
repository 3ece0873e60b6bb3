package dev.roundhouse.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;

/**
 * Lets a request through to {@code next} only with {@code Authorization: Bearer <one of the keys>}, except on
 * the open paths (health, API description). Otherwise 401 JSON with {@code WWW-Authenticate: Bearer}.
 * Keys are kept and compared only as SHA-256 digests with {@link MessageDigest#isEqual}, against every key
 * without stopping early, so neither the time taken nor the key lengths tell a caller anything.
 * Neither keys nor the presented token are ever logged or echoed.
 */
final class ApiKeyAuth implements HttpHandler {
    private static final String SCHEME = "Bearer ";
    private static final Set<String> OPEN_PATHS = Set.of("/health", "/openapi.json");

    private final List<byte[]> keyDigests;
    private final HttpHandler next;

    ApiKeyAuth(List<String> keys, HttpHandler next) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no API keys: leave the handler out of the chain instead");
        }
        this.keyDigests = keys.stream().map(ApiKeyAuth::sha256).toList();
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (OPEN_PATHS.contains(exchange.getRequestPath())) {
            next.handleRequest(exchange);
            return;
        }
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            refuse(exchange, "Bearer realm=\"roundhouse\"", "missing 'Authorization: Bearer <API key>' header");
            return;
        }
        if (!known(header.substring(SCHEME.length()).trim())) {
            refuse(exchange, "Bearer realm=\"roundhouse\", error=\"invalid_token\"", "unknown API key");
            return;
        }
        next.handleRequest(exchange);
    }

    private boolean known(String token) {
        byte[] presented = sha256(token);
        boolean match = false;
        for (byte[] key : keyDigests) {
            match |= MessageDigest.isEqual(key, presented);
        }
        return match;
    }

    private static void refuse(HttpServerExchange exchange, String challenge, String message) {
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, challenge);
        Json.error(exchange, 401, "unauthorized", message);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
