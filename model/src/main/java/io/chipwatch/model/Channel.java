package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Where a watch's alerts are delivered. Secrets never appear here: a channel names the
 * environment variable that holds them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Channel.Console.class, name = "console"),
        @JsonSubTypes.Type(value = Channel.Webhook.class, name = "webhook"),
        @JsonSubTypes.Type(value = Channel.Slack.class, name = "slack"),
        @JsonSubTypes.Type(value = Channel.Email.class, name = "email"),
        @JsonSubTypes.Type(value = Channel.File.class, name = "file")})
public sealed interface Channel {

    /** A stable name for delivery bookkeeping, e.g. {@code webhook:https://example.org/hook}. */
    String key();

    /** Readable lines (format {@code text}) or JSON lines (format {@code json}) on stdout. */
    record Console(@JsonProperty("format") String format) implements Channel {
        public Console {
            format = format == null ? "text" : format;
            if (!format.equals("text") && !format.equals("json")) {
                throw new IllegalArgumentException("console format must be 'text' or 'json', got '" + format + "'");
            }
        }

        @Override
        public String key() {
            return "console:" + format;
        }
    }

    /** HTTP POST of the alert JSON, signed with HMAC-SHA256 when {@code secretEnv} names a variable. */
    record Webhook(@JsonProperty("url") String url, @JsonProperty("secretEnv") String secretEnv) implements Channel {
        public Webhook {
            Checks.requireNonBlank(url, "url");
        }

        @Override
        public String key() {
            return "webhook:" + url;
        }
    }

    /** Slack-compatible incoming webhook; the URL may come from an environment variable. */
    record Slack(@JsonProperty("url") String url, @JsonProperty("urlEnv") String urlEnv) implements Channel {
        public Slack {
            if ((url == null || url.isBlank()) && (urlEnv == null || urlEnv.isBlank())) {
                throw new IllegalArgumentException("slack channel needs 'url' or 'urlEnv'");
            }
        }

        @Override
        public String key() {
            return "slack:" + (url != null ? url : "$" + urlEnv);
        }
    }

    /** Email over SMTP; server settings come from the alerts service configuration. */
    record Email(@JsonProperty("to") String to, @JsonProperty("subjectPrefix") String subjectPrefix) implements Channel {
        public Email {
            Checks.requireNonBlank(to, "to");
            subjectPrefix = subjectPrefix == null ? "[chipwatch]" : subjectPrefix;
        }

        @Override
        public String key() {
            return "email:" + to;
        }
    }

    /** One alert JSON object per line appended to a file. */
    record File(@JsonProperty("path") String path) implements Channel {
        public File {
            Checks.requireNonBlank(path, "path");
        }

        @Override
        public String key() {
            return "file:" + path;
        }
    }
}
