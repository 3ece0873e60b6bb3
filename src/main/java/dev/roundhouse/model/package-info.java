/**
 * The row model: one game round ({@link dev.roundhouse.model.GameRound}), its columns, exact money, row errors
 * and the rules for player ids and text fields. It imports nothing of the project; the CSV reader fills it and
 * every adapter (Avro, RowBinary, reconciliation, lookups) reads it.
 */
package dev.roundhouse.model;
