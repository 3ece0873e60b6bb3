package dev.roundhouse.csv;

import dev.roundhouse.model.RowError;

/**
 * The upload as a whole is not a usable game-round CSV: empty, not text (binary, gzip, zip), or a
 * header with a missing, unknown or duplicate column. Unchecked; the HTTP layer maps it to a 400.
 * Problems in single data records are never thrown: they are reported as {@link RowError}s.
 */
public final class CsvFormatException extends RuntimeException {
    public CsvFormatException(String message) {
        super(message);
    }
}
