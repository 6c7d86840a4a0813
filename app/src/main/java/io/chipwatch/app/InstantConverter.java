package io.chipwatch.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses {@code --since/--until}: a date ({@code 2026-04-01}, midnight UTC), an instant
 * ({@code 2026-04-01T08:00:00Z}, {@code 2026-04-01T08:00Z}, with an offset, or without one meaning
 * UTC), an age before now ({@code 7d}, {@code 24h}, {@code 30m}, {@code 90s}, {@code 2w}) or an
 * ISO-8601 duration or period before now ({@code P7D}, {@code PT24H}, {@code P1DT12H}, {@code P2W},
 * {@code P1M}, {@code P1Y}).
 */
final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    private static final Pattern AGE = Pattern.compile("(\\d+)\\s*([wdhms])");
    private final Clock clock;

    InstantConverter() {
        this(Clock.systemUTC());
    }

    InstantConverter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        String v = value.trim();
        try {
            if (v.length() == 10 && v.charAt(4) == '-') {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (v.startsWith("P") || v.startsWith("p") || v.startsWith("-P")) {
                return beforeNow(v.toUpperCase(Locale.ROOT));
            }
            Matcher m = AGE.matcher(v.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration d = switch (m.group(2)) {
                    case "w" -> Duration.ofDays(7 * n);
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
                return clock.instant().minus(d);
            }
            if (v.endsWith("Z") || v.endsWith("z") || v.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(v.toUpperCase(Locale.ROOT)).toInstant();
            }
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a date (2026-04-01), an instant "
                    + "(2026-04-01T08:00:00Z), an age (7d, 24h, 30m, 2w) or an ISO-8601 duration (P7D, PT24H, P1M)");
        }
    }

    /** ISO durations (time-based: PT24H, P1DT2H) and periods (date-based: P2W, P1M, P1Y), counted back from now in UTC. */
    private Instant beforeNow(String iso) {
        try {
            return clock.instant().minus(Duration.parse(iso).abs());
        } catch (DateTimeParseException notADuration) {
            Period p = Period.parse(iso);
            return clock.instant().atOffset(ZoneOffset.UTC).minus(p.isNegative() ? p.negated() : p).toInstant();
        }
    }
}
