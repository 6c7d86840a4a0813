package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Issue 14: every form of --since/--until (date, instant, age, ISO duration) means the instant it says. */
class InstantConverterTest {
    private static final Instant NOW = Instant.parse("2026-12-01T20:00:00Z");
    private final InstantConverter converter = new InstantConverter(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldReadDatesAndInstants() {
        assertThat(converter.convert("2026-04-01")).isEqualTo("2026-04-01T00:00:00Z");
        assertThat(converter.convert("2026-04-01T08:00:00Z")).isEqualTo("2026-04-01T08:00:00Z");
        assertThat(converter.convert("2026-04-01T08:00Z")).isEqualTo("2026-04-01T08:00:00Z");
        assertThat(converter.convert("2026-04-01T10:00:00+02:00")).isEqualTo("2026-04-01T08:00:00Z");
        assertThat(converter.convert("2026-04-01T08:00:00")).as("no zone: UTC").isEqualTo("2026-04-01T08:00:00Z");
    }

    @Test
    void shouldReadAgesBeforeNow() {
        assertThat(converter.convert("7d")).isEqualTo("2026-11-24T20:00:00Z");
        assertThat(converter.convert("24h")).isEqualTo("2026-11-30T20:00:00Z");
        assertThat(converter.convert("30m")).isEqualTo("2026-12-01T19:30:00Z");
        assertThat(converter.convert("2w")).isEqualTo("2026-11-17T20:00:00Z");
    }

    @Test
    void shouldReadIsoDurationsAndPeriodsBeforeNow() {
        assertThat(converter.convert("P7D")).isEqualTo("2026-11-24T20:00:00Z");
        assertThat(converter.convert("PT24H")).isEqualTo("2026-11-30T20:00:00Z");
        assertThat(converter.convert("P1DT12H")).isEqualTo("2026-11-30T08:00:00Z");
        assertThat(converter.convert("P2W")).isEqualTo("2026-11-17T20:00:00Z");
        assertThat(converter.convert("P1M")).isEqualTo("2026-11-01T20:00:00Z");
        assertThat(converter.convert("P1Y")).isEqualTo("2025-12-01T20:00:00Z");
    }

    @Test
    void shouldRejectWhatIsNoTime() {
        assertThatThrownBy(() -> converter.convert("yesterday")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'yesterday' is not a date");
    }
}
