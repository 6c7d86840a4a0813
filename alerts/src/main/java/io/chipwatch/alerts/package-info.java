/** Alert decisions (watches x enriched articles), watch administration, notification, tail and back-testing. */
package io.chipwatch.alerts;
