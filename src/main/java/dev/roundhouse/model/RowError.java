package dev.roundhouse.model;

/** Why one CSV record was rejected: its physical start line (header = 1), the column, and the reason. */
public record RowError(long line, String field, String message) {}
