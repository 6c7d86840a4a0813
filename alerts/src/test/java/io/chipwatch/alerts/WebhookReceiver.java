package io.chipwatch.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback that records webhook posts and answers with a settable status. With
 * {@link #hold} set, every request waits for that latch before it is answered: a channel that hangs.
 */
final class WebhookReceiver implements AutoCloseable {
    record Post(String idempotencyKey, String signature, String body) {}

    private final HttpServer server;
    final List<Post> accepted = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    volatile int status = 200;
    volatile int refused;
    volatile CountDownLatch hold;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                requests.incrementAndGet();
                CountDownLatch h = hold;
                if (h != null && !h.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("held request never released");
                }
                int answer = status;
                if (answer >= 200 && answer < 300) {
                    accepted.add(new Post(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                            exchange.getRequestHeaders().getFirst("X-Chipwatch-Signature"), body));
                } else {
                    refused++;
                }
                exchange.sendResponseHeaders(answer, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<String> acceptedIds() {
        return accepted.stream().map(Post::idempotencyKey).toList();
    }

    @Override
    public void close() {
        CountDownLatch h = hold;
        if (h != null) {
            h.countDown();
        }
        server.stop(0);
    }
}
