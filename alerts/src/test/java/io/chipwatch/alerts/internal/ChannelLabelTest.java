package io.chipwatch.alerts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.Channel;
import org.junit.jupiter.api.Test;

/** Metric labels never carry a Slack token or a webhook path (they may hold secrets), and stay few. */
class ChannelLabelTest {
    @Test
    void shouldReduceWebhookAndSlackUrlsToTheirOrigin() {
        assertThat(ChannelLabel.of(new Channel.Webhook("https://hooks.example.org:8443/chipwatch?token=abc", null)))
                .isEqualTo("webhook:https://hooks.example.org:8443");
        assertThat(ChannelLabel.of(new Channel.Slack("https://hooks.slack.com/services/T000/B000/XXXXSECRET", null)))
                .isEqualTo("slack:https://hooks.slack.com").doesNotContain("SECRET");
        assertThat(ChannelLabel.of(new Channel.Slack(null, "CHIPWATCH_SLACK_URL"))).isEqualTo("slack:$CHIPWATCH_SLACK_URL");
    }

    @Test
    void shouldKeepTheKeyOfOtherChannels() {
        assertThat(ChannelLabel.of(new Channel.File("/var/lib/chipwatch/a.jsonl"))).isEqualTo("file:/var/lib/chipwatch/a.jsonl");
        assertThat(ChannelLabel.of(new Channel.Console(null))).isEqualTo("console:text");
        assertThat(ChannelLabel.of(new Channel.Email("analyst@example.org", null))).isEqualTo("email:analyst@example.org");
    }
}
