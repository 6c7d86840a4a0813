package io.chipwatch.alerts.internal;

import io.chipwatch.alerts.AlertFormat;
import io.chipwatch.alerts.AlertsConfig;
import io.chipwatch.model.Alert;
import io.chipwatch.model.Channel;
import io.chipwatch.model.config.Secrets;
import io.chipwatch.model.json.Json;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import org.apache.commons.io.input.ReversedLinesFileReader;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers one alert to one channel; one attempt per call. Thread-safe. Text console lines are grouped
 * by story for {@link #CONSOLE_GROUP_WINDOW} (one line for every watch that fired on a story) and
 * printed by a timer; {@link #close()} prints what is left.
 */
public final class Senders implements AutoCloseable {
    /** How long a text console waits for the other watches of a story before it prints the line. */
    public static final java.time.Duration CONSOLE_GROUP_WINDOW = java.time.Duration.ofSeconds(1);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Senders.class);
    public static final String SIGNATURE_HEADER = "X-Chipwatch-Signature";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final AlertsConfig config;
    private final PrintStream console;
    private final Secrets secrets;
    private final HttpClient http;
    private final Map<String, FileLog> fileLogs = new ConcurrentHashMap<>();
    private volatile Session mailSession;
    private final StoryGrouper consoleStories;
    private final java.util.concurrent.ScheduledExecutorService consoleTimer;

    public Senders(AlertsConfig config, PrintStream console, Secrets secrets) {
        this.config = config;
        this.console = console;
        this.secrets = secrets;
        this.consoleStories = new StoryGrouper(CONSOLE_GROUP_WINDOW, System::nanoTime, this::printStory);
        this.consoleTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chipwatch-console-lines");
            t.setDaemon(true);
            return t;
        });
        consoleTimer.scheduleWithFixedDelay(consoleStories::flushDue, 200, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public void send(Channel channel, Alert alert) throws DeliveryException {
        if (channel instanceof Channel.Console c) {
            if ("json".equals(c.format())) {
                print(Json.toJson(alert)); // the JSON contract: one alert per line, as it comes
            } else {
                consoleStories.add(alert);
            }
        } else if (channel instanceof Channel.File f) {
            appendLine(Path.of(f.path()), alert);
        } else if (channel instanceof Channel.Webhook w) {
            byte[] body = Json.toJson(alert).getBytes(StandardCharsets.UTF_8);
            HttpRequest.Builder req = request(w.url(), alert, body);
            if (w.secretEnv() != null && !w.secretEnv().isBlank()) {
                String secret = secrets.get(w.secretEnv()).orElseThrow(() ->
                        DeliveryException.permanent("environment variable " + w.secretEnv() + " (webhook secret) is not set"));
                req.header(SIGNATURE_HEADER, "sha256=" + hmacSha256Hex(secret, body));
            }
            post(req, w.url());
        } else if (channel instanceof Channel.Slack s) {
            String url = s.url() != null && !s.url().isBlank() ? s.url() : secrets.get(s.urlEnv()).orElseThrow(() ->
                    DeliveryException.permanent("environment variable " + s.urlEnv() + " (slack webhook URL) is not set"));
            byte[] body = Json.toJson(Map.of("text", AlertFormat.slackText(alert))).getBytes(StandardCharsets.UTF_8);
            post(request(url, alert, body), "slack webhook");
        } else if (channel instanceof Channel.Email e) {
            mail(e, alert);
        }
    }

    private void printStory(java.util.List<Alert> story) {
        print(AlertFormat.line(story));
    }

    private void print(String line) {
        synchronized (console) {
            console.println(line);
            console.flush();
        }
    }

    /** Prints the console lines still waiting for their story's window. */
    @Override
    public void close() {
        consoleTimer.shutdownNow();
        consoleStories.flushAll();
    }

    private HttpRequest.Builder request(String url, Alert alert, byte[] body) throws DeliveryException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException ex) {
            throw DeliveryException.permanent("invalid URL: " + ex.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw DeliveryException.permanent("URL scheme must be http or https");
        }
        return HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "chipwatch-alerts/0.1")
                .header(IDEMPOTENCY_HEADER, alert.alertId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private void post(HttpRequest.Builder req, String what) throws DeliveryException {
        HttpResponse<Void> response;
        try {
            response = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw DeliveryException.retryable(what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.retryable(what + ": interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        boolean retry = status == 408 || status == 425 || status == 429 || status >= 500;
        throw new DeliveryException(what + " answered HTTP " + status, !retry, status, null);
    }

    /** Hex HMAC-SHA256 of the body, as sent in {@code X-Chipwatch-Signature: sha256=<hex>}. */
    public static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Appends the alert as one JSON line, once: the notifier is at least once (a crash between the
     * append and the delivery log write sends again), so the file channel remembers the ids of the
     * newest alerts in the file ({@code notify.file.memory.max}, read from the end of the file once)
     * and skips those. A re-send after a crash is always one of the newest. A torn last line (killed
     * mid-write) is ignored and the next line starts on a fresh line.
     */
    private void appendLine(Path path, Alert alert) throws DeliveryException {
        FileLog file = fileLogs.computeIfAbsent(path.toAbsolutePath().normalize().toString(), k -> new FileLog(config.fileMemoryMax()));
        synchronized (file) {
            try {
                if (path.getParent() != null) {
                    Files.createDirectories(path.getParent());
                }
                if (!file.loaded) {
                    file.load(path);
                }
                if (file.ids.contains(alert.alertId())) {
                    LOG.info("File channel: alert {} is already in {} (sent before a restart), not appended again", alert.alertId(), path);
                    return;
                }
                String line = (file.needsNewline ? "\n" : "") + Json.toJson(alert) + "\n";
                Files.writeString(path, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                file.needsNewline = false;
                file.remember(alert.alertId());
            } catch (IOException | UncheckedIOException e) {
                throw DeliveryException.retryable("cannot append to " + path + ": " + e, e);
            }
        }
    }

    /** Ids of the newest alerts written to one file channel's file, at most {@code max}. Guarded by its own monitor. */
    static final class FileLog {
        final Set<String> ids = new LinkedHashSet<>();
        private final int max;
        boolean loaded;
        boolean needsNewline;

        FileLog(int max) {
            this.max = max;
        }

        void remember(String id) {
            ids.add(id);
            if (ids.size() > max) {
                Iterator<String> oldest = ids.iterator();
                oldest.next();
                oldest.remove();
            }
        }

        /** Reads lines from the end of the file until {@code max} alert ids are known or the file starts. */
        void load(Path path) throws IOException {
            if (Files.exists(path) && Files.size(path) > 0) {
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path)) {
                    java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
                    ch.read(last, ch.size() - 1);
                    needsNewline = last.get(0) != '\n';
                }
                java.util.ArrayDeque<String> newestFirst = new java.util.ArrayDeque<>();
                try (ReversedLinesFileReader reader = ReversedLinesFileReader.builder().setPath(path)
                        .setCharset(StandardCharsets.UTF_8).get()) {
                    String line;
                    while (newestFirst.size() < max && (line = reader.readLine()) != null) {
                        alertId(line).ifPresent(newestFirst::addLast);
                    }
                }
                newestFirst.descendingIterator().forEachRemaining(this::remember);
            }
            loaded = true;
        }

        private static java.util.Optional<String> alertId(String line) {
            if (line.isBlank()) {
                return java.util.Optional.empty();
            }
            try {
                JsonNode id = Json.MAPPER.readTree(line).path("alertId");
                return id.isTextual() ? java.util.Optional.of(id.asText()) : java.util.Optional.empty();
            } catch (IOException | RuntimeException e) {
                return java.util.Optional.empty(); // a torn or foreign line: not an alert we wrote
            }
        }
    }

    private void mail(Channel.Email e, Alert alert) throws DeliveryException {
        try {
            MimeMessage m = new MimeMessage(session());
            m.setFrom(new InternetAddress(config.smtpFrom()));
            m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(e.to()));
            m.setSubject(AlertFormat.emailSubject(e.subjectPrefix(), alert), "UTF-8");
            m.setText(AlertFormat.emailBody(alert), "UTF-8");
            m.setHeader("X-Chipwatch-Alert-Id", alert.alertId());
            Transport.send(m);
        } catch (AddressException ex) {
            throw DeliveryException.permanent("invalid email address: " + ex.getMessage());
        } catch (MessagingException ex) {
            throw DeliveryException.retryable("SMTP " + config.smtpHost() + ":" + config.smtpPort() + ": " + ex, ex);
        }
    }

    private Session session() {
        Session s = mailSession;
        if (s == null) {
            Properties p = new Properties();
            String timeout = Long.toString(config.requestTimeout().toMillis());
            p.put("mail.smtp.host", config.smtpHost());
            p.put("mail.smtp.port", Integer.toString(config.smtpPort()));
            p.put("mail.smtp.connectiontimeout", timeout);
            p.put("mail.smtp.timeout", timeout);
            p.put("mail.smtp.writetimeout", timeout);
            p.put("mail.smtp.starttls.enable", Boolean.toString(config.smtpStarttls()));
            p.put("mail.smtp.starttls.required", Boolean.toString(config.smtpStarttls()));
            boolean auth = !config.smtpUser().isBlank();
            p.put("mail.smtp.auth", Boolean.toString(auth));
            Authenticator authenticator = !auth ? null : new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(config.smtpUser(), secrets.get(config.smtpPasswordEnv()).orElse(""));
                }
            };
            s = Session.getInstance(p, authenticator);
            mailSession = s;
        }
        return s;
    }
}
