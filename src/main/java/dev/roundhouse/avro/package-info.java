/**
 * Avro in the Confluent wire format without Confluent's libraries: {@link dev.roundhouse.avro.SchemaRegistryClient}
 * (Confluent REST API, served by Apicurio under {@code /apis/ccompat/v7}), the hand-written
 * {@link dev.roundhouse.avro.GameRoundEncoder} / {@link dev.roundhouse.avro.GameRoundDecoder} (byte-identical to
 * Avro's own writer, checked by tests against Avro's GenericDatumReader/Writer), and
 * {@link dev.roundhouse.avro.GameRoundSchema}. Decoding separates permanent failures
 * ({@link dev.roundhouse.avro.MalformedRecordException}: dead-letter the record) from registry outages
 * (retriable {@link dev.roundhouse.avro.SchemaRegistryException}: retry, the record is fine).
 */
package dev.roundhouse.avro;
