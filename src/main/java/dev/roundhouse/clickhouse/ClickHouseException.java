package dev.roundhouse.clickhouse;

/**
 * ClickHouse answered with an error: the HTTP status (400 syntax, 404 unknown table, 401 auth, 500
 * other …), the ClickHouse error code parsed from {@code Code: N} (or -1 when absent) and the
 * server's message.
 */
public class ClickHouseException extends RuntimeException {
    private final int httpStatus;
    private final int code;

    public ClickHouseException(int httpStatus, int code, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    protected ClickHouseException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = -1;
        this.code = -1;
    }

    /** HTTP status of the answer, or -1 when no answer arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** ClickHouse error code (e.g. 60 unknown table, 62 syntax error), or -1 when unknown. */
    public int code() {
        return code;
    }

    /**
     * Whether the same request may succeed later without change: server unreachable, or an
     * overload/timeout code (159 timeout, 202 too many queries, 241 memory limit, 252 too many parts,
     * 209/210 socket timeout/network error, 279 all connection tries failed: a Distributed read with
     * a shard down).
     */
    public boolean retryable() {
        return switch (code) {
            case 159, 202, 209, 210, 241, 252, 279 -> true;
            default -> httpStatus == 502 || httpStatus == 503 || httpStatus == 504;
        };
    }
}
