package io.chipwatch.app;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses {@code --since/--until}: a date ({@code 2026-04-01}, midnight UTC), an instant
 * ({@code 2026-04-01T08:00:00Z} or with offset), or an age before now ({@code 7d}, {@code 24h},
 * {@code 30m}, {@code P7D}).
 */
final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    private static final Pattern AGE = Pattern.compile("(\\d+)([dhm])");

    @Override
    public Instant convert(String value) {
        String v = value.trim();
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (v.startsWith("P") || v.startsWith("p")) {
                return Instant.now().minus(Duration.parse(v.toUpperCase(Locale.ROOT)));
            }
            Matcher m = AGE.matcher(v.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration d = switch (m.group(2)) {
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofMinutes(n);
                };
                return Instant.now().minus(d);
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a date (2026-04-01), an instant (2026-04-01T08:00:00Z) or an age (7d, 24h, 30m, P7D)");
        }
    }
}
