package io.chipwatch.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.json.Json;
import io.javalin.http.sse.SseClient;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/alerts/stream}: one SSE event {@code alert} per new alert, its id the alert's
 * sequence number in this read model. A client that reconnects with {@code Last-Event-ID} (browsers
 * do it by themselves) first gets every alert after that id, then the live ones; no alert is sent
 * twice to one client, because each client remembers the last id it was sent. Ids are local to one
 * web instance's read model (a rebuild starts them again).
 */
final class AlertStream implements TopicFollower.AlertListener, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertStream.class);
    private static final int MAX_BACKLOG = 1000;

    private final ReadModel model;
    private final Map<SseClient, long[]> clients = new ConcurrentHashMap<>();
    /**
     * The newest sequence number handed to the clients (guarded by this). A new client starts after it, not after the
     * model's newest number: an alert already indexed but not yet visible would be below the start and never sent.
     */
    private long lastStreamed;
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "web-sse-keepalive");
        t.setDaemon(true);
        return t;
    });

    AlertStream(ReadModel model, Duration keepAliveInterval) {
        this.model = model;
        this.lastStreamed = model.lastAlertSeq();
        keepAlive.scheduleAtFixedRate(this::ping, keepAliveInterval.toMillis(), keepAliveInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Handles one SSE connection: backlog after Last-Event-ID (or none), then live alerts until it closes. */
    void connect(SseClient client) {
        String last = client.ctx().header("Last-Event-ID");
        if (last == null) {
            last = client.ctx().queryParam("lastEventId");
        }
        Long resumeAfter = null;
        if (last != null && !last.isBlank()) {
            try {
                resumeAfter = Long.parseLong(last.strip());
            } catch (NumberFormatException e) {
                // an id from elsewhere: start live
            }
        }
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        client.sendComment("connected");
        synchronized (this) {
            long after = resumeAfter != null ? resumeAfter : lastStreamed;
            long[] sent = {after};
            try {
                for (Map.Entry<Long, JsonNode> e : model.alertsAfter(after, MAX_BACKLOG)) {
                    send(client, sent, e.getKey(), e.getValue());
                }
            } catch (IOException e) {
                LOG.warn("cannot read the alert backlog for a stream client: {}", e.getMessage());
            }
            clients.put(client, sent);
        }
    }

    @Override
    public synchronized void onAlerts(List<Map.Entry<Long, JsonNode>> alerts) {
        alerts.forEach(e -> lastStreamed = Math.max(lastStreamed, e.getKey()));
        clients.forEach((client, sent) -> {
            for (Map.Entry<Long, JsonNode> e : alerts) {
                send(client, sent, e.getKey(), e.getValue());
            }
        });
    }

    private void send(SseClient client, long[] sent, long seq, JsonNode alert) {
        if (seq <= sent[0] || client.terminated()) {
            return;
        }
        try {
            client.sendEvent("alert", Json.toJson(alert), Long.toString(seq));
            sent[0] = seq;
        } catch (RuntimeException e) {
            clients.remove(client);
        }
    }

    private void ping() {
        clients.keySet().forEach(c -> {
            try {
                if (c.terminated()) {
                    clients.remove(c);
                } else {
                    c.sendComment("keep-alive");
                }
            } catch (RuntimeException e) {
                clients.remove(c);
            }
        });
    }

    int clients() {
        return clients.size();
    }

    @Override
    public void close() {
        keepAlive.shutdownNow();
        // The server's stop ends the open streams; closing a client whose peer already left makes
        // Javalin touch a recycled response, so clients are only forgotten here.
        clients.clear();
    }
}
