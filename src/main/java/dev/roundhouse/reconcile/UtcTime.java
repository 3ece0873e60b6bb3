package dev.roundhouse.reconcile;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Epoch seconds as the CSV writes timestamps, {@code YYYY-MM-DD HH:MM:SS} in UTC (also valid in ClickHouse's toDateTime). */
final class UtcTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private UtcTime() {}

    static String format(long epochSecond) {
        return LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC).format(FORMAT);
    }
}
