package dev.roundhouse.reconcile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer of a reconciliation. Counts are complete; samples hold at most the requested number of
 * entries. A difference entry is one field of one row or group, so {@code count <= sample.size()} means
 * the sample is complete. Money is an exact decimal string at scale 4, an empty/NaN amount is null,
 * timestamps and hours are {@code YYYY-MM-DD HH:MM:SS} UTC.
 */
public record Report(
        @JsonProperty("status") String status,
        @JsonProperty("csv") Csv csv,
        @JsonProperty("rows") Rows rows,
        @JsonProperty("aggregates") Aggregates aggregates,
        @JsonProperty("duration_ms") long durationMs) {

    public static final String MATCH = "match";
    public static final String MISMATCH = "mismatch";

    public record Csv(
            @JsonProperty("rows_read") long rowsRead,
            @JsonProperty("rows_accepted") long rowsAccepted,
            @JsonProperty("rows_rejected") long rowsRejected) {}

    public record Rows(
            @JsonProperty("compared") long compared,
            @JsonProperty("missing_in_clickhouse") Ids missingInClickhouse,
            @JsonProperty("different") RowDifferences different,
            @JsonProperty("extra_in_clickhouse") Ids extraInClickhouse) {}

    public record Ids(@JsonProperty("count") long count, @JsonProperty("sample") List<Long> sample) {}

    public record RowDifferences(@JsonProperty("count") long count, @JsonProperty("sample") List<RowDifference> sample) {}

    /** {@code field} is the CSV column name; values are JSON strings (game_id a number, a missing amount null). */
    public record RowDifference(
            @JsonProperty("game_instance_id") long gameInstanceId,
            @JsonProperty("field") String field,
            @JsonProperty("csv") Object csv,
            @JsonProperty("clickhouse") Object clickhouse) {}

    public record Aggregates(
            @JsonProperty("groups_compared") long groupsCompared,
            @JsonProperty("groups_matching") long groupsMatching,
            @JsonProperty("mismatches") GroupDifferences mismatches) {}

    public record GroupDifferences(@JsonProperty("count") long count, @JsonProperty("sample") List<GroupDifference> sample) {}

    /** {@code field} is rounds (a number) or an amount column name (a decimal string). */
    public record GroupDifference(
            @JsonProperty("hour") String hour,
            @JsonProperty("player_id") String playerId,
            @JsonProperty("game_id") long gameId,
            @JsonProperty("field") String field,
            @JsonProperty("csv") Object csv,
            @JsonProperty("clickhouse") Object clickhouse) {}

    public boolean matches() {
        return MATCH.equals(status);
    }
}
