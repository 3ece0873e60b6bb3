package dev.roundhouse.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's protocol and error mapping, against an in-process fake registry. */
class SchemaRegistryClientTest {
    HttpServer server;
    SchemaRegistryClient client;
    final AtomicInteger byIdCalls = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/subjects", ex -> {
            String path = ex.getRequestURI().getRawPath();
            requests.add(ex.getRequestMethod() + " " + path + " " + ex.getRequestHeaders().getFirst("Content-Type"));
            if (path.equals("/api/subjects")) {
                reply(ex, 200, "[]");
            } else if (path.contains("broken")) {
                reply(ex, 500, "<html>boom</html>");
            } else if (path.contains("bad")) {
                reply(ex, 422, "{\"message\":\"Failed to discover artifact type from content.\",\"error_code\":42201}");
            } else {
                var body = new ObjectMapper().readTree(ex.getRequestBody());
                reply(ex, 200, body.get("schema").asText().contains("GameRound") ? "{\"id\":7}" : "{\"nope\":1}");
            }
        });
        server.createContext("/api/schemas/ids/", ex -> {
            byIdCalls.incrementAndGet();
            String id = ex.getRequestURI().getPath().substring("/api/schemas/ids/".length());
            switch (id) {
                case "7" -> reply(ex, 200, new ObjectMapper().writeValueAsString(Map.of("schema", GameRoundSchema.json())));
                case "8" -> reply(ex, 200, "{\"schema\":\"{}\",\"schemaType\":\"JSON\"}");
                case "9" -> reply(ex, 200, "{\"schema\":\"{not avro\"}");
                default -> reply(ex, 404, "{\"message\":\"Schema " + id + " not found.\",\"error_code\":40403}");
            }
        });
        server.start();
        client = new SchemaRegistryClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Test
    void registersWithTheConfluentContentTypeAndEncodedSubject() throws Exception {
        assertEquals(7, client.register("staging bets-value", GameRoundSchema.json()));
        assertEquals(7, client.register("staging bets-value", GameRoundSchema.json())); // cached
        assertEquals(List.of("POST /api/subjects/staging%20bets-value/versions application/vnd.schemaregistry.v1+json"), requests);
        var e = assertThrows(SchemaRegistryException.class, () -> client.register("x", "\"string\""));
        assertTrue(e.getMessage().contains("without an id"), e.getMessage());
    }

    @Test
    void fetchesSchemasByIdOnce() throws Exception {
        var first = client.schemaById(7);
        assertEquals(GameRoundSchema.schema(), first);
        assertSame(first, client.schemaById(7));
        assertEquals(1, byIdCalls.get());
    }

    @Test
    void reportsStatusAndRegistryMessage() {
        var notFound = assertThrows(SchemaRegistryException.class, () -> client.schemaById(123));
        assertEquals(404, notFound.status());
        assertEquals(40403, notFound.errorCode());
        assertEquals("Schema 123 not found.", notFound.registryMessage());
        assertTrue(notFound.isNotFound());
        assertFalse(notFound.isRetriable());
        assertTrue(notFound.getMessage().contains("HTTP 404 error_code 40403: Schema 123 not found."), notFound.getMessage());

        var unprocessable = assertThrows(SchemaRegistryException.class, () -> client.register("bad", "{x"));
        assertEquals(422, unprocessable.status());
        assertEquals(42201, unprocessable.errorCode());

        var broken = assertThrows(SchemaRegistryException.class, () -> client.register("broken", GameRoundSchema.json()));
        assertEquals(500, broken.status());
        assertTrue(broken.isRetriable());
        assertEquals("<html>boom</html>", broken.registryMessage());

        assertTrue(assertThrows(SchemaRegistryException.class, () -> client.schemaById(8)).getMessage().contains("JSON schema, not Avro"));
        assertTrue(assertThrows(SchemaRegistryException.class, () -> client.schemaById(9)).getMessage().contains("not a valid Avro schema"));
    }

    @Test
    void pingsAndSaysWhenTheRegistryIsUnreachable() throws Exception {
        assertTrue(client.ping());
        int closedPort;
        try (var s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        var down = new SchemaRegistryClient(URI.create("http://127.0.0.1:" + closedPort));
        assertFalse(down.ping());
        var e = assertThrows(SchemaRegistryException.class, () -> down.schemaById(1));
        assertEquals(0, e.status());
        assertTrue(e.isRetriable());
        assertTrue(e.getMessage().startsWith("schema registry at http://127.0.0.1:" + closedPort + " unreachable"), e.getMessage());
    }
}
