/** The web service's parts: read model, topic follower, HTTP server, API handlers and security. */
package io.chipwatch.web.internal;
