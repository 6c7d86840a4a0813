package io.chipwatch.web.internal;

import io.chipwatch.web.WatchPreview;
import io.chipwatch.web.WatchValidator;
import io.chipwatch.web.WebConfig;
import java.io.Closeable;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The parts of a running web service, started in order and closed in reverse. */
public final class Services implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Services.class);

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private TopicFollower follower;
    private WebServer server;
    private int port;

    private Services() {}

    public static Services start(WebConfig config, String token, WatchPreview preview, WatchValidator validator, boolean rebuild,
                                 Clock clock) {
        Services s = new Services();
        try {
            ReadModel model = s.add(ReadModel.open(config.indexDir(), rebuild, config.totalExactMax()));
            var adminProps = config.kafkaProperties();
            adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, config.topicReadyTimeout().toMillis()));
            Admin admin = s.add(Admin.create(adminProps));
            Writes writes = s.add(new Writes(config, admin));
            AlertStream stream = new AlertStream(model, config.sseKeepAlive());
            s.follower = new TopicFollower(config, model, stream);
            StatusReport status = new StatusReport(config, admin, model, s.follower, StatusReport.PIPELINE_GROUPS, clock);
            Api api = new Api(config, model, writes, preview, validator, status, clock);
            s.server = new WebServer(config, token, api, stream);
            s.add(s.follower); // closed after the server: the last alerts still reach open streams
            s.add(stream);
            s.port = s.server.start();
            s.add(s.server);
            s.follower.start();
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T add(T c) {
        closeables.push(c);
        return c;
    }

    public int port() {
        return port;
    }

    public boolean caughtUp() {
        return follower.caughtUp();
    }

    public Optional<String> failure() {
        Object f = follower.status().get("failure");
        return Optional.ofNullable((String) f);
    }

    public List<WebServer.Route> routes() {
        return server.apiRoutes();
    }

    @Override
    public void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
