package dev.roundhouse.clickhouse;

/** No answer from ClickHouse: connection refused or reset, timeout. Always worth a retry with back-off. */
public final class ClickHouseUnavailableException extends ClickHouseException {
    public ClickHouseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
