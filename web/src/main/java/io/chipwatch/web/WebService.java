package io.chipwatch.web;

import io.chipwatch.web.internal.ReadModel;
import io.chipwatch.web.internal.Services;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web service: follows the topics into its read model under {@code index.dir} and serves the
 * dashboard and the HTTP API on {@code bind.address:port}. Any number of instances may run against one
 * cluster (each has its own read model and reads with assigned partitions, no consumer group).
 *
 * <p>Inputs: {@code articles.enriched}, {@code alerts}, {@code entity.trends}, {@code watches},
 * {@code ingest.state} ({@code health|<sourceId>} records), {@code articles.dlq}, {@code alerts.dlq}.
 * Outputs (only on request): {@code watches}, {@code sources}, {@code alerts.retry}.
 */
public final class WebService implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(WebService.class);

    private final WebConfig config;
    private final String token;
    private final WatchPreview preview;
    private final WatchValidator validator;
    private final boolean rebuild;
    private Services services;

    /**
     * @param token     the API token (from CHIPWATCH_WEB_TOKEN), or null; {@code token.file} wins when set
     * @param preview   back-tests a watch over articles (from the alerts service's matcher)
     * @param validator checks a watch beyond its record (from the alerts service)
     * @param rebuild   delete the read model first and rebuild it from the topics
     */
    public WebService(WebConfig config, String token, WatchPreview preview, WatchValidator validator, boolean rebuild) {
        this.config = config;
        this.token = resolveToken(config, token);
        this.preview = preview;
        this.validator = validator;
        this.rebuild = rebuild;
    }

    static String resolveToken(WebConfig config, String envToken) {
        if (!config.tokenFile().isBlank()) {
            Path file = Path.of(config.tokenFile());
            try {
                String t = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
                if (t.length() < 16) {
                    throw new IllegalArgumentException("Invalid value " + file + " for configuration " + WebConfig.TOKEN_FILE
                            + ": the token in it must be at least 16 characters");
                }
                return t;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the web token file " + file + ": " + e.getMessage(), e);
            }
        }
        if (envToken != null && !envToken.isBlank() && envToken.strip().length() < 16) {
            throw new IllegalArgumentException("CHIPWATCH_WEB_TOKEN must be at least 16 characters");
        }
        return envToken == null || envToken.isBlank() ? null : envToken.strip();
    }

    /** Opens the read model, starts following the topics and starts the server. @return the URL it serves */
    public String start() {
        services = Services.start(config, token, preview, validator, rebuild, Clock.systemUTC());
        String host = config.bindAddress().contains(":") ? "[" + config.bindAddress() + "]" : config.bindAddress();
        String url = "http://" + host + ":" + services.port() + "/";
        LOG.info("web dashboard on {} (read model in {}{})", url, config.indexDir(), token == null ? "" : ", API token required");
        return url;
    }

    /** Every API route the server registers, as {@code "GET /api/v1/alerts"}: what openapi.yaml must document. */
    public List<String> apiRoutes() {
        return services.routes().stream().map(r -> r.method() + " " + r.path()).toList();
    }

    public int port() {
        return services.port();
    }

    /** True once the read model has read every followed partition to its end (at the last check, about every second). */
    public boolean caughtUp() {
        return services != null && services.caughtUp();
    }

    public Optional<String> failure() {
        return services == null ? Optional.empty() : services.failure();
    }

    /** True when a read model exists in the configured directory. */
    public static boolean indexExists(WebConfig config) {
        return ReadModel.exists(config.indexDir());
    }

    @Override
    public void close() {
        if (services != null) {
            services.close();
        }
    }
}
