/** The topic registry: every topic name bound to its key and value serdes and its settings. */
package io.chipwatch.model.topic;
