/** Web dashboard and HTTP API over a local read model. */
package io.chipwatch.web;
