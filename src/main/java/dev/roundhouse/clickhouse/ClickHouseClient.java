package dev.roundhouse.clickhouse;

import dev.roundhouse.config.Config;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * ClickHouse over HTTP/1.1 (keep-alive) with RowBinary in both directions, written for 18.16 and
 * modern servers alike: no compression, no format/database headers, no query parameters, SQL must
 * name tables fully qualified, FORMAT goes into the SQL. Every request sends
 * {@code wait_end_of_query=1}, so an error can never arrive as HTTP 200 after partial data.
 * Thread safe; share one instance.
 */
public final class ClickHouseClient implements AutoCloseable {
    private static final Pattern CODE = Pattern.compile("Code: (\\d+)");
    private static final int MAX_ERROR_CHARS = 4000;

    private final HttpClient http;
    private final URI base;
    private final String user;
    private final String password;
    private final Duration timeout;

    public ClickHouseClient(URI baseUrl, String user, String password, Duration timeout) {
        String b = baseUrl.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.user = user == null || user.isEmpty() ? "default" : user;
        this.password = password == null ? "" : password;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public ClickHouseClient(URI baseUrl, String user, String password) {
        this(baseUrl, user, password, Duration.ofMinutes(5));
    }

    public static ClickHouseClient from(Config config) {
        return from(config, config.clickhouseUrl());
    }

    /** A client of the server at {@code url} with the configured credentials and idle-connection limit. */
    public static ClickHouseClient from(Config config, URI url) {
        keepIdleConnectionsAtMost(config.clickhouseKeepAlive());
        return new ClickHouseClient(url, config.clickhouseUser(), config.clickhousePassword());
    }

    /**
     * ClickHouse closes idle keep-alive connections after keep_alive_timeout (10 s on 18.16, 3 s on modern
     * servers); the JDK client keeps them 30 s and would POST onto a dead socket. The JDK reads this limit once
     * per process, when the first HTTP client of any kind is built: create ClickHouse's clients before others.
     */
    private static void keepIdleConnectionsAtMost(Duration idle) {
        System.setProperty("jdk.httpclient.keepalive.timeout", String.valueOf(idle.toSeconds()));
    }

    /** Runs a statement that returns no rows (DDL, INSERT … SELECT, OPTIMIZE …). */
    public void execute(String sql) {
        HttpResponse<InputStream> r = send(post(url(null), sql), false);
        try (InputStream in = r.body()) {
            in.transferTo(OutputStreamHolder.NULL);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    /**
     * Runs a SELECT (without FORMAT: {@code FORMAT RowBinary} is appended) and lets {@code handler}
     * decode the rows straight from the response stream. Idempotent, so retried once when a pooled
     * connection turns out to be closed.
     */
    public <T> T query(String sqlWithoutFormat, RowBinaryHandler<T> handler) {
        String sql = stripTerminator(sqlWithoutFormat) + "\nFORMAT RowBinary";
        HttpResponse<InputStream> r = send(post(url(null), sql), true);
        try (InputStream in = r.body()) {
            T result = handler.read(new RowBinaryReader(in));
            in.transferTo(OutputStreamHolder.NULL); // leave the connection reusable
            return result;
        } catch (EOFException e) {
            throw new IllegalStateException("result ended inside a row: do the handler's reads match the SELECT's column types? " + abbreviate(sql), e);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    /** The single value of a one-row, one-column SELECT of any integer type; IllegalStateException if no row or NULL. */
    public long queryLong(String sqlWithoutFormat) {
        String s = queryText(sqlWithoutFormat);
        if (s.isEmpty() || s.equals("\\N")) throw new IllegalStateException("no value from: " + abbreviate(sqlWithoutFormat));
        int tab = s.indexOf('\t');
        int nl = s.indexOf('\n');
        if (tab >= 0 || nl >= 0) throw new IllegalStateException("expected one value, got more from: " + abbreviate(sqlWithoutFormat));
        return Long.parseLong(s);
    }

    /** A one-row result as TabSeparated text without the trailing newline ("" when no row). */
    public String queryText(String sqlWithoutFormat) {
        String sql = stripTerminator(sqlWithoutFormat) + "\nFORMAT TabSeparated";
        HttpResponse<InputStream> r = send(post(url(null), sql), true);
        try (InputStream in = r.body()) {
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    /**
     * {@code INSERT INTO table (columnsCsv) FORMAT RowBinary}, the body streamed while {@code body}
     * writes it (on this thread). If {@code body} throws, the request is aborted so ClickHouse does
     * not commit a partial body. ClickHouse inserts one block per max_insert_block_size rows
     * (1,048,576): keep one INSERT below that for all-or-nothing. Not retried here.
     */
    public void insert(String table, String columnsCsv, RowBinaryBody body) {
        var pipe = new ChunkPipe(4);
        HttpRequest request = request(url(insertSql(table, columnsCsv)))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> pipe.input))
                .build();
        CompletableFuture<HttpResponse<InputStream>> future =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        var _ = future.whenComplete((r, e) -> pipe.cancel()); // the outcome is read from `future` below
        var writer = new RowBinaryWriter(pipe.output, 64 * 1024);
        Throwable bodyFailure = null;
        try {
            body.writeTo(writer);
            writer.flush();
            pipe.close();
        } catch (Throwable t) {
            bodyFailure = t;
            pipe.fail(t);
        }
        HttpResponse<InputStream> response;
        try {
            response = future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new ClickHouseUnavailableException("interrupted during INSERT into " + table, e);
        } catch (ExecutionException | CancellationException e) {
            if (bodyFailure != null && !pipeEnded(bodyFailure)) {
                throw rethrow(bodyFailure);
            }
            throw unavailable(e.getCause() != null ? e.getCause() : e);
        }
        checkStatus(response); // an early server error wins over the writer's "request ended"
        drain(response);
        if (bodyFailure != null) throw rethrow(bodyFailure);
    }

    /**
     * Sends the bytes written so far into {@code rows}, read from its buffer in small chunks (ofByteArray would
     * first copy the whole batch, tens of MB per partition writer at once).
     */
    public void insert(String table, String columnsCsv, RowBinaryWriter rows) {
        insert(table, columnsCsv, rows, Map.of());
    }

    /** {@link #insert(String, String, RowBinaryWriter)} with query-level settings (names and values are URL-encoded). */
    public void insert(String table, String columnsCsv, RowBinaryWriter rows, Map<String, String> settings) {
        byte[] buffer = rows.buffer();
        int size = rows.size();
        HttpRequest request = request(url(insertSql(table, columnsCsv), settings))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(buffer, 0, size)))
                .build();
        drain(send(request, false));
    }

    /** True when the server answers {@code GET /ping}; never throws. */
    public boolean ping() {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("ping")).timeout(Duration.ofSeconds(5)).GET().build();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A SQL string literal with backslash and single quote escaped: {@code quote("Play'n GO")} is
     * {@code 'Play\'n GO'}. The one place that escapes strings for SQL.
     */
    public static String quote(String s) {
        var b = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\0' -> b.append("\\0");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    /** A database or table name: letters, digits, underscore, not starting with a digit. */
    public static String identifier(String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
        return name;
    }

    @Override
    public void close() {
        http.close();
    }

    // ---- plumbing ----

    private static String insertSql(String table, String columnsCsv) {
        if (!table.matches("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("table must be fully qualified database.table: " + table);
        }
        return "INSERT INTO " + table + " (" + columnsCsv + ") FORMAT RowBinary";
    }

    private URI url(String querySql) {
        return url(querySql, Map.of());
    }

    private URI url(String querySql, Map<String, String> settings) {
        String q = "?wait_end_of_query=1";
        for (var setting : settings.entrySet()) {
            q += "&" + encode(setting.getKey()) + "=" + encode(setting.getValue());
        }
        if (querySql != null) {
            q += "&query=" + encode(querySql);
        }
        return base.resolve(q);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(URI uri) {
        var b = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("X-ClickHouse-User", user);
        if (!password.isEmpty()) b.header("X-ClickHouse-Key", password);
        return b;
    }

    private HttpRequest post(URI uri, String sql) {
        return request(uri).POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8)).build();
    }

    private HttpResponse<InputStream> send(HttpRequest request, boolean idempotent) {
        HttpResponse<InputStream> r;
        try {
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (!idempotent || e instanceof ConnectException || e instanceof HttpTimeoutException) throw e;
                r = http.send(request, HttpResponse.BodyHandlers.ofInputStream()); // stale pooled connection
            }
        } catch (IOException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseUnavailableException("interrupted", e);
        }
        checkStatus(r);
        return r;
    }

    private void checkStatus(HttpResponse<InputStream> r) {
        int status = r.statusCode();
        if (status / 100 == 2) return;
        String body;
        try (InputStream in = r.body()) {
            body = new String(in.readNBytes(MAX_ERROR_CHARS * 4), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            body = "(error body unreadable: " + e + ")";
        }
        int code = r.headers().firstValue("X-ClickHouse-Exception-Code").map(ClickHouseClient::parseIntOrMinus1).orElse(-1);
        if (code < 0) {
            var m = CODE.matcher(body);
            if (m.find()) code = parseIntOrMinus1(m.group(1));
        }
        throw new ClickHouseException(status, code, "ClickHouse HTTP " + status + ": " + abbreviate(body));
    }

    private void drain(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            in.transferTo(OutputStreamHolder.NULL);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private static boolean pipeEnded(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ChunkPipe.RequestEndedException) return true;
        }
        return false;
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) return re;
        if (t instanceof Error err) throw err;
        if (t instanceof IOException io) return new UncheckedIOException("INSERT body failed", io);
        return new IllegalStateException("INSERT body failed", t);
    }

    private ClickHouseUnavailableException unavailable(Throwable e) {
        return new ClickHouseUnavailableException("ClickHouse at " + base + " unavailable: " + e, e);
    }

    private static int parseIntOrMinus1(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String stripTerminator(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
        return s;
    }

    private static String abbreviate(String s) {
        return s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS) + "…";
    }

    private static final class OutputStreamHolder {
        static final OutputStream NULL = OutputStream.nullOutputStream();
    }
}
