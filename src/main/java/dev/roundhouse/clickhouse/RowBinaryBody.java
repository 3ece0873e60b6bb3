package dev.roundhouse.clickhouse;

import java.io.IOException;

/** Writes the rows of one INSERT; called once, on the caller's thread, while the body streams out. */
@FunctionalInterface
public interface RowBinaryBody {
    void writeTo(RowBinaryWriter out) throws IOException;
}
