package dev.roundhouse.avro;

import java.io.IOException;

/**
 * A schema registry call failed. {@link #status()} is the HTTP status, or 0 when the registry did not
 * answer at all (unreachable, timeout, interrupted); {@link #errorCode()} is the registry's
 * {@code error_code} (e.g. 40403 schema not found) or -1; {@link #registryMessage()} its
 * {@code message}. The client does not retry: {@link #isRetriable()} tells the caller whether to.
 */
public final class SchemaRegistryException extends IOException {
    private final int status;
    private final int errorCode;
    private final String registryMessage;

    public SchemaRegistryException(String message, int status, int errorCode, String registryMessage, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    /** HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code}, or -1 when it gave none. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's {@code message} (or the raw body, shortened), or null when there was no answer. */
    public String registryMessage() {
        return registryMessage;
    }

    /** The requested schema id or subject version does not exist (HTTP 404). */
    public boolean isNotFound() {
        return status == 404;
    }

    /** No answer, a timeout, throttling or a server error: the same call may succeed later. */
    public boolean isRetriable() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }
}
