package dev.roundhouse.api;

import dev.roundhouse.clickhouse.HourlyAggregates;
import dev.roundhouse.model.PlayerId;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * The parameters of GET /aggregates, validated into typed values (the only form in which they reach SQL).
 *
 * @param limit  groups per page; for NDJSON 0 means the whole filter
 * @param after  the decoded cursor, or null
 */
record AggregateQuery(HourlyAggregates.Filter filter, int limit, long offset, HourlyAggregates.Key after, boolean totals) {
    static final Set<String> PARAMS = Set.of("player_id", "game_id", "from", "to", "date_from", "date_to",
            "limit", "offset", "cursor", "totals");
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;
    /** The last second a ClickHouse DateTime (UInt32) holds. */
    static final long MAX_EPOCH_SECONDS = 0xFFFF_FFFFL;

    /** Reads and checks every parameter; a {@link HttpError} names the first one that is wrong. */
    static AggregateQuery from(QueryParams params, boolean ndjson) {
        String player = params.get("player_id");
        if (player != null && PlayerId.problem(player) != null) {
            throw HttpError.parameter("player_id", PlayerId.problem(player));
        }
        Long gameId = params.get("game_id") == null ? null : number("game_id", params.get("game_id"), Long.MAX_VALUE);
        String fromName = params.get("from") != null ? "from" : "date_from";
        String toName = params.get("to") != null ? "to" : "date_to";
        Long from = hour(fromName, params.first("from", "date_from"));
        Long to = hour(toName, params.first("to", "date_to"));
        if (from != null && to != null && from >= to) {
            throw HttpError.parameter(toName, "must be later than " + fromName);
        }
        String limitText = params.get("limit");
        int limit = limitText != null ? (int) number("limit", limitText, MAX_LIMIT) : ndjson ? 0 : DEFAULT_LIMIT;
        if (limitText != null && limit < 1) {
            throw HttpError.parameter("limit", "must be 1.." + MAX_LIMIT);
        }
        long offset = params.get("offset") == null ? 0 : number("offset", params.get("offset"), Long.MAX_VALUE);
        HourlyAggregates.Key after = params.get("cursor") == null ? null : AggregateCursor.decode(params.get("cursor"));
        if (after != null && offset > 0) {
            throw HttpError.parameter("offset", "cannot be combined with cursor");
        }
        boolean totals = params.flag("totals");
        if (totals && ndjson) {
            throw HttpError.parameter("totals", "not available with Accept: application/x-ndjson (ask for JSON)");
        }
        return new AggregateQuery(new HourlyAggregates.Filter(player, gameId, from, to), limit, offset, after, totals);
    }

    /** A non-negative decimal integer of at most {@code max}: ASCII digits only, no sign, no blanks. */
    static long number(String name, String text, long max) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw HttpError.parameter(name, "expected a non-negative integer (digits only)");
        }
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            v = Long.MAX_VALUE; // more digits than a long holds
        }
        if (v > max || v == Long.MAX_VALUE) {
            throw HttpError.parameter(name, "must be at most " + (max == Long.MAX_VALUE ? max - 1 : max));
        }
        return v;
    }

    /**
     * {@code 2019-10-22} (midnight UTC) or {@code 2019-10-22T08:00:00Z} (on the hour: the data is hourly, so a
     * bound inside an hour could not be answered exactly), as epoch seconds; null when absent.
     */
    static Long hour(String name, String text) {
        if (text == null) {
            return null;
        }
        Instant t;
        try {
            t = text.length() == 10
                    ? LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : text.endsWith("Z") ? Instant.parse(text) : null;
        } catch (DateTimeException e) {
            t = null;
        }
        if (t == null) {
            throw HttpError.parameter(name, "expected a date like 2019-10-22 or a UTC date-time like 2019-10-22T08:00:00Z");
        }
        long seconds = t.getEpochSecond();
        if (seconds < 0 || seconds > MAX_EPOCH_SECONDS) {
            throw HttpError.parameter(name, "must lie between 1970-01-01 and 2106-02-07");
        }
        if (seconds % 3600 != 0 || t.getNano() != 0) {
            throw HttpError.parameter(name, "must be on the hour (aggregates are hourly), like 2019-10-22T08:00:00Z");
        }
        return seconds;
    }
}
