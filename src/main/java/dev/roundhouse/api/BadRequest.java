package dev.roundhouse.api;

/** A client error with its HTTP status and error code; handlers throw it, {@link HttpApi} answers it as JSON. */
public final class BadRequest extends RuntimeException {
    final int status;
    final String code;

    public BadRequest(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** The body is not this CSV at all (empty, not text, wrong header): the whole request is refused. */
    public static BadRequest invalidCsv(dev.roundhouse.csv.CsvFormatException e) {
        return new BadRequest(400, "invalid_csv", e.getMessage());
    }

    public static BadRequest parameter(String name, String reason) {
        return new BadRequest(400, "invalid_parameter", "parameter '" + name + "': " + reason);
    }
}
