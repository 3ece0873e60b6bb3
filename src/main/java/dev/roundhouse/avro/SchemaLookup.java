package dev.roundhouse.avro;

import org.apache.avro.Schema;

/** Finds the writer schema of a Confluent-framed record by its id ({@link SchemaRegistryClient} in production). */
@FunctionalInterface
public interface SchemaLookup {
    Schema schemaById(int id) throws SchemaRegistryException;
}
