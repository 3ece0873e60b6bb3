package dev.roundhouse.clickhouse;

/** No answer from ClickHouse: connection refused or reset, timeout. Always worth a retry with back-off. */
final class ClickHouseUnavailableException extends ClickHouseException {
    ClickHouseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
