package dev.roundhouse.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.roundhouse.clickhouse.ClickHouseTopology;
import dev.roundhouse.clickhouse.HourlyAggregate;
import dev.roundhouse.clickhouse.HourlyAggregates;
import dev.roundhouse.model.Money;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * GET /aggregates: hourly groups (hour, player, game) from the aggregate tables, in key order, as one JSON
 * page ({@code items}, {@code next_cursor}, optional {@code totals}) or, with {@code Accept: application/x-ndjson},
 * as one item per line. Rows are decoded from ClickHouse's RowBinary stream and written with Jackson's
 * streaming generator as they arrive: nothing is materialized, so a long NDJSON range costs constant memory.
 */
public final class AggregatesHandler implements HttpHandler {
    static final String NDJSON = "application/x-ndjson";
    /** NDJSON lines between explicit flushes, so a slow consumer sees progress on a long range. */
    private static final int NDJSON_FLUSH_EVERY = 1000;
    private static final JsonFactory JSON = Json.MAPPER.getFactory();
    private static final SerializableString HOUR = new SerializedString("hour");
    private static final SerializableString PLAYER_ID = new SerializedString("player_id");
    private static final SerializableString GAME_ID = new SerializedString("game_id");
    private static final SerializableString ROUNDS = new SerializedString("rounds");
    private static final SerializableString REAL_BET = new SerializedString("real_amount_bet");
    private static final SerializableString BONUS_BET = new SerializedString("bonus_amount_bet");
    private static final SerializableString REAL_WIN = new SerializedString("real_amount_win");
    private static final SerializableString BONUS_WIN = new SerializedString("bonus_amount_win");

    private final ClickHouseTopology clickhouse;
    private final ResponseCache pages;
    private final ExecutorService totalsQueries = Executors.newVirtualThreadPerTaskExecutor();

    public AggregatesHandler(ClickHouseTopology clickhouse, ResponseCache pages) {
        this.clickhouse = clickhouse;
        this.pages = pages;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        boolean ndjson = wantsNdjson(exchange);
        var query = AggregateQuery.from(QueryParams.of(exchange, AggregateQuery.PARAMS), ndjson);
        int fetch = query.limit() > 0 ? query.limit() + 1 : 0; // one more than the page tells whether another page follows
        String sql = HourlyAggregates.groups(clickhouse, query.filter(), query.after(), query.offset(), fetch);
        // a ClickHouse outage becomes a 503 in HttpApi
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ndjson ? NDJSON : "application/json");
        if (ndjson) {
            writePage(exchange.getOutputStream(), true, query, sql);
            return;
        }
        byte[] page = pages.get(sql + (query.totals() ? "\u0000totals" : ""), () -> {
            var out = new ByteArrayOutputStream(4096);
            writePage(out, false, query, sql);
            return out.toByteArray();
        });
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, page.length);
        exchange.getOutputStream().write(page);
    }

    private void writePage(OutputStream out, boolean ndjson, AggregateQuery query, String sql) {
        // the totals run beside the page; the page is written only once they are in, so a failure is still a clean error
        Future<HourlyAggregate> totals = query.totals() ? totalsQueries.submit(() -> totals(query.filter())) : null;
        clickhouse.reader().query(sql, in -> {
            HourlyAggregate sums = totals == null ? null : await(totals);
            var page = new PageWriter(out, ndjson);
            var row = new HourlyAggregate();
            while (in.hasMore()) {
                row.readGroup(in);
                if (!page.add(row, query.limit())) {
                    break;
                }
            }
            page.finish(sums);
            return null;
        });
    }

    private HourlyAggregate totals(HourlyAggregates.Filter filter) {
        return clickhouse.reader().query(HourlyAggregates.totals(clickhouse, filter), in -> {
            var sums = new HourlyAggregate();
            sums.readTotals(in);
            return sums;
        });
    }

    private static HourlyAggregate await(Future<HourlyAggregate> totals) throws IOException {
        try {
            return totals.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for totals", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    private static boolean wantsNdjson(HttpServerExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
        return accept != null && accept.contains(NDJSON);
    }

    /** Writes the response while groups arrive: items of one JSON object, or NDJSON lines. */
    private static final class PageWriter {
        private final boolean ndjson;
        private final JsonGenerator json;
        private final char[] money = new char[Money.MAX_CHARS];
        private long written;
        private boolean more;
        private HourlyAggregates.Key last;
        private long lastHour = -1;
        private String lastHourText;

        PageWriter(OutputStream out, boolean ndjson) throws IOException {
            this.ndjson = ndjson;
            this.json = JSON.createGenerator(out);
            if (!ndjson) {
                json.writeStartObject();
                json.writeArrayFieldStart("items");
            }
        }

        /** Writes the group unless the page is full; false (and a next page noted) when it is. */
        boolean add(HourlyAggregate row, int limit) throws IOException {
            if (limit > 0 && written == limit) {
                more = true;
                return false;
            }
            writeItem(row);
            written++;
            if (ndjson) {
                json.writeRaw('\n');
                if (written % NDJSON_FLUSH_EVERY == 0) {
                    json.flush();
                }
            } else {
                last = row.key(); // only JSON pages hand out a cursor
            }
            return true;
        }

        void finish(HourlyAggregate totals) throws IOException {
            if (!ndjson) {
                json.writeEndArray();
                json.writeStringField("next_cursor", more ? AggregateCursor.encode(last) : null);
                if (totals != null) {
                    json.writeFieldName("totals");
                    json.writeStartObject();
                    writeSums(totals);
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            json.close();
        }

        private void writeItem(HourlyAggregate row) throws IOException {
            if (row.hour != lastHour) { // rows come in hour order: one string per hour
                lastHour = row.hour;
                lastHourText = Instant.ofEpochSecond(row.hour).toString();
            }
            json.writeStartObject();
            json.writeFieldName(HOUR);
            json.writeString(lastHourText);
            json.writeFieldName(PLAYER_ID);
            json.writeString(row.playerId);
            json.writeFieldName(GAME_ID);
            json.writeNumber(row.gameId);
            writeSums(row);
            json.writeEndObject();
        }

        private void writeSums(HourlyAggregate sums) throws IOException {
            json.writeFieldName(ROUNDS);
            json.writeNumber(sums.rounds);
            writeMoney(REAL_BET, sums.realAmountBet);
            writeMoney(BONUS_BET, sums.bonusAmountBet);
            writeMoney(REAL_WIN, sums.realAmountWin);
            writeMoney(BONUS_WIN, sums.bonusAmountWin);
        }

        private void writeMoney(SerializableString name, long unscaled) throws IOException {
            json.writeFieldName(name);
            json.writeString(money, 0, Money.format(unscaled, money));
        }
    }
}
