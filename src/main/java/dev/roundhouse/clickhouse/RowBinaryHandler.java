package dev.roundhouse.clickhouse;

import java.io.IOException;

/** Decodes a whole RowBinary result, typically {@code while (in.hasMore()) { … }}. */
@FunctionalInterface
public interface RowBinaryHandler<T> {
    T read(RowBinaryReader in) throws IOException;
}
