/** A real single-node Kafka broker (KRaft) started in-process, and topic provisioning. */
package io.chipwatch.broker;
