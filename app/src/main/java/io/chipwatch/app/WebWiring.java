package io.chipwatch.app;

import io.chipwatch.alerts.WatchMatcher;
import io.chipwatch.alerts.WatchValidationException;
import io.chipwatch.model.Alert;
import io.chipwatch.model.Watch;
import io.chipwatch.web.WatchPreview;
import io.chipwatch.web.WatchValidator;
import io.chipwatch.web.WebConfig;
import io.chipwatch.web.WebService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Wires the web service: its configuration from the CLI (read model under {@code <data-dir>/web}), and
 * what it needs from the alerts service, injected through the small interfaces web declares, so web
 * never imports alerts: back-test previews run the alerts service's {@link WatchMatcher} over web's
 * own index, and watch validation is the alerts service's.
 */
final class WebWiring {
    static final String TOKEN_ENV = "CHIPWATCH_WEB_TOKEN";

    private WebWiring() {}

    static Map<String, Object> webConfig(KafkaOptions o, String bootstrap, WebOptions web) {
        Map<String, Object> d = new HashMap<>();
        d.put(WebConfig.INDEX_DIR, o.dataDir().resolve("web").toString());
        Map<String, Object> conf = o.serviceConfig("web", bootstrap, d);
        if (web != null) {
            conf.put(WebConfig.PORT, Integer.toString(web.port));
            conf.put(WebConfig.BIND_ADDRESS, web.bind);
            if (web.tokenFile != null) {
                conf.put(WebConfig.TOKEN_FILE, web.tokenFile.toString());
            }
        }
        return conf;
    }

    /** Parses the web configuration with the command's options before anything starts (exit 3 on a bad value). */
    static void validate(KafkaOptions o, WebOptions web) {
        new WebConfig(webConfig(o, "offline.invalid:9092", web));
    }

    static WebService service(KafkaOptions o, String bootstrap, WebOptions web) {
        return new WebService(new WebConfig(webConfig(o, bootstrap, web)), System.getenv(TOKEN_ENV), preview(), validator(),
                web != null && web.rebuild);
    }

    /** The alerts service's matching over articles web supplies: first-in-story only, once per story. */
    static WatchPreview preview() {
        return (watch, articles) -> {
            Watch enabled = watch.isEnabled() ? watch : new Watch(watch.id(), watch.name(), watch.description(), watch.severity(), true,
                    watch.entities(), watch.events(), watch.query(), watch.sources(), watch.languages(), watch.tags(), null,
                    watch.throttle(), watch.digest(), watch.channels());
            List<Alert> out = new ArrayList<>();
            Set<String> stories = new HashSet<>();
            try (WatchMatcher matcher = new WatchMatcher(List.of(enabled))) {
                articles.accept(a -> {
                    if (a.firstInStory()) {
                        Instant at = a.eventTime() == null ? Instant.now() : a.eventTime();
                        for (Alert alert : matcher.match(a, at)) {
                            if (stories.add(alert.alertId())) {
                                out.add(alert);
                            }
                        }
                    }
                });
            }
            return out;
        };
    }

    static WatchValidator validator() {
        return w -> {
            try {
                WatchMatcher.validate(w);
                return Optional.empty();
            } catch (WatchValidationException e) {
                return Optional.of(e.getMessage());
            }
        };
    }
}
