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

    public static BadRequest parameter(String name, String reason) {
        return new BadRequest(400, "invalid_parameter", "parameter '" + name + "': " + reason);
    }
}
