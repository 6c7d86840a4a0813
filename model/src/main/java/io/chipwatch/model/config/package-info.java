/** Shared configuration helpers: documented keys in Kafka's ConfigDef style, and secrets from the environment. */
package io.chipwatch.model.config;
