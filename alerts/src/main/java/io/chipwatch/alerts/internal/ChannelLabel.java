package io.chipwatch.alerts.internal;

import io.chipwatch.model.Channel;
import java.net.URI;

/**
 * The {@code channel} label of delivery metrics: the channel key without what may be secret or
 * unbounded (webhook and Slack URLs are reduced to scheme, host and port; Slack URLs carry their token
 * in the path).
 */
public final class ChannelLabel {
    private ChannelLabel() {}

    public static String of(Channel channel) {
        if (channel instanceof Channel.Webhook w) {
            return "webhook:" + origin(w.url());
        }
        if (channel instanceof Channel.Slack s) {
            return s.url() != null && !s.url().isBlank() ? "slack:" + origin(s.url()) : "slack:$" + s.urlEnv();
        }
        return channel.key();
    }

    private static String origin(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "invalid-url";
        }
    }
}
