package dev.roundhouse.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON responses: one shared mapper and the service's error shape {@code {error, message, …}}. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {}

    public static void send(HttpServerExchange exchange, int status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
        if (exchange.isBlocking()) {
            try {
                exchange.getOutputStream().write(bytes);
                exchange.getOutputStream().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
        }
    }

    /** The object's JSON fields with {@code error} and {@code message} in front. */
    public static Map<String, Object> withError(Object body, String code, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", code);
        out.put("message", message);
        out.putAll(MAPPER.convertValue(body, new TypeReference<Map<String, Object>>() {}));
        return out;
    }

    /** Sends {@code {"error": code, "message": message, …extra}}. */
    public static void error(HttpServerExchange exchange, int status, String code, String message, Object... extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        send(exchange, status, body);
    }
}
