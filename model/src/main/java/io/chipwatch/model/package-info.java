/** The public data contract: immutable records that travel on chipwatch's Kafka topics. */
package io.chipwatch.model;
