package dev.roundhouse.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roundhouse.config.Config;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Minimal client of the Confluent schema registry REST API (also served by Apicurio under
 * {@code /apis/ccompat/v7}). Thread-safe. Schemas by id are cached forever (ids are immutable), and so
 * are successful registrations, which also cache the registered schema under its id. It never retries:
 * a failure is a {@link SchemaRegistryException} that says whether retrying makes sense.
 */
public final class SchemaRegistryClient implements SchemaLookup {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final String base;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> registered = new ConcurrentHashMap<>();

    /** @param baseUrl the API root, e.g. {@code http://127.0.0.1:18081/apis/ccompat/v7} */
    public SchemaRegistryClient(URI baseUrl) {
        this(baseUrl, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build());
    }

    public SchemaRegistryClient(URI baseUrl, HttpClient http) {
        this.baseUrl = baseUrl;
        String s = baseUrl.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.http = http;
    }

    public static SchemaRegistryClient from(Config config) {
        return new SchemaRegistryClient(config.schemaRegistryUrl());
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Registers {@code schemaJson} under {@code subject} (or finds it, if the subject already has it)
     * and returns its global id. Registering the same schema again returns the same id.
     */
    public int register(String subject, String schemaJson) throws SchemaRegistryException {
        String key = subject + '\u0000' + schemaJson;
        Integer known = registered.get(key);
        if (known != null) {
            return known;
        }
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("schema", schemaJson));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode schema as JSON", e);
        }
        HttpRequest request = request("/subjects/" + pathSegment(subject) + "/versions")
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        JsonNode answer = send(request, "register schema under subject " + subject);
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new SchemaRegistryException("schema registry at " + base + " answered registration without an id: "
                    + shorten(answer.toString()), 200, -1, shorten(answer.toString()), null);
        }
        registered.put(key, id.intValue());
        // the id now names this very schema: decoding our own records never needs the registry again
        schemasById.putIfAbsent(id.intValue(), new Schema.Parser().parse(schemaJson));
        return id.intValue();
    }

    /** The schema with this global id; fetched once, then served from memory. */
    @Override
    public Schema schemaById(int id) throws SchemaRegistryException {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        HttpRequest request = request("/schemas/ids/" + id).GET().build();
        JsonNode answer = send(request, "fetch schema id " + id);
        JsonNode type = answer.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw new SchemaRegistryException("schema id " + id + " is a " + type.asText() + " schema, not Avro",
                    200, -1, null, null);
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException("schema registry at " + base + " answered schema id " + id
                    + " without a schema: " + shorten(answer.toString()), 200, -1, null, null);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("schema id " + id + " is not a valid Avro schema: " + e.getMessage(),
                    200, -1, null, e);
        }
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    /** True when the registry answers {@code GET /subjects} with 200 within the timeouts (for health checks). */
    public boolean ping() {
        try {
            HttpResponse<Void> response = http.send(request("/subjects").GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", CONTENT_TYPE + ", application/json");
    }

    private JsonNode send(HttpRequest request, String what) throws SchemaRegistryException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw unreachable(what, "connect timed out after " + CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw unreachable(what, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw unreachable(what, "connection refused", e);
        } catch (IOException e) {
            throw unreachable(what, e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(what, "interrupted", e);
        }
        int status = response.statusCode();
        String body = response.body();
        JsonNode json = null;
        try {
            json = body == null || body.isEmpty() ? null : JSON.readTree(body);
        } catch (IOException ignored) {
            // not JSON: reported raw below
        }
        if (status / 100 == 2 && json != null && json.isObject()) {
            return json;
        }
        int code = -1;
        String message = body == null || body.isEmpty() ? "(empty body)" : shorten(body);
        if (json != null && json.isObject()) {
            if (json.hasNonNull("error_code")) {
                code = json.get("error_code").asInt(-1);
            }
            if (json.hasNonNull("message")) {
                message = json.get("message").asText();
            }
        }
        String text = status / 100 == 2
                ? "schema registry at " + base + " gave an unexpected answer to " + what + ": " + message
                : "schema registry at " + base + " refused to " + what + ": HTTP " + status
                        + (code >= 0 ? " error_code " + code : "") + ": " + message;
        throw new SchemaRegistryException(text, status, code, message, null);
    }

    private SchemaRegistryException unreachable(String what, String reason, Throwable cause) {
        return new SchemaRegistryException("schema registry at " + base + " unreachable (" + what + "): " + reason,
                0, -1, null, cause);
    }

    private static String pathSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String shorten(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
