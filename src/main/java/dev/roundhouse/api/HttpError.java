package dev.roundhouse.api;

import dev.roundhouse.csv.CsvFormatException;

/**
 * An error answer: its HTTP status (400, 404, 408, 413, 415, 422, 429 or 503), error code and message. Handlers throw
 * it; {@link HttpApi} answers it as JSON {@code {error, message}}.
 */
final class HttpError extends RuntimeException {
    final int status;
    final String code;

    HttpError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** The body is not this CSV at all (empty, not text, wrong header): the whole request is refused. */
    static HttpError invalidCsv(CsvFormatException e) {
        return new HttpError(400, "invalid_csv", e.getMessage());
    }

    static HttpError parameter(String name, String reason) {
        return new HttpError(400, "invalid_parameter", "parameter '" + name + "': " + reason);
    }
}
