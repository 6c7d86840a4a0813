package io.chipwatch.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on 127.0.0.1 for tests: routes by exact path, records every request. */
final class LoopbackHttpServer implements AutoCloseable {
    /** Handles one request. */
    interface Route {
        void handle(HttpExchange ex, int hit) throws IOException;
    }

    /** What a request looked like. */
    record Request(String path, String query, Map<String, List<String>> headers, Instant at) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    LoopbackHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::dispatch);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    LoopbackHttpServer route(String path, Route r) {
        routes.put(path, r);
        return this;
    }

    LoopbackHttpServer serve(String path, String contentType, byte[] body) {
        return route(path, (ex, hit) -> send(ex, 200, contentType, body));
    }

    List<Request> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void dispatch(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String path = ex.getRequestURI().getPath();
            requests.add(new Request(path, ex.getRequestURI().getRawQuery(), Map.copyOf(ex.getRequestHeaders()), Instant.now()));
            Route r = routes.get(path);
            int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            if (r == null) {
                send(ex, 404, "text/plain", "not found".getBytes());
            } else {
                r.handle(ex, hit);
            }
        } finally {
            inFlight.decrementAndGet();
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
