/** Jackson JSON mapping and Kafka serdes for the model records. */
package io.chipwatch.model.json;
