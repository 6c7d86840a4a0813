package io.chipwatch.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The RFC 822 and RFC 3339 variants feeds use, each parsed strictly: an impossible date is null, never rolled over. */
class DatesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // RFC 822 and what feeds make of it
            "Mon, 20 Apr 2026 10:00:00 GMT | 2026-04-20T10:00:00Z",
            "Mon, 20 Apr 2026 10:00:00 +0000 | 2026-04-20T10:00:00Z",
            "Mon, 20 Apr 2026 10:00:00 -0500 | 2026-04-20T15:00:00Z",
            "Mon, 20 Apr 2026 10:00:00 +05:30 | 2026-04-20T04:30:00Z",
            "Mon, 20 Apr 2026 10:00:00 EDT | 2026-04-20T14:00:00Z",
            "Mon, 20 Apr 2026 10:00:00 PST | 2026-04-20T18:00:00Z",
            "Mon, 20 Apr 2026 10:00:00 CEST | 2026-04-20T08:00:00Z",
            "Mon, 20 Apr 2026 10:00:00 UT | 2026-04-20T10:00:00Z",
            "Mon, 20 Apr 2026 10:00:00 Z | 2026-04-20T10:00:00Z",
            "Mon, 20 Apr 2026 10:00:00 GMT+08:00 | 2026-04-20T02:00:00Z",
            "Mon, 20 Apr 2026 10:00:00 Etc/GMT | 2026-04-20T10:00:00Z",
            "Mon, 20 Jul 2026 10:00:00 Europe/Berlin | 2026-07-20T08:00:00Z",
            "Mon, 20 Apr 2026 10:00:00 +0000 (UTC) | 2026-04-20T10:00:00Z",
            "Mon, 20 Apr 2026 10:00 GMT | 2026-04-20T10:00:00Z",
            "20 Apr 2026 10:00:00 GMT | 2026-04-20T10:00:00Z",
            "Mon,20 Apr 2026 10:00:00 GMT | 2026-04-20T10:00:00Z",
            "Mon,  5 Apr 2026 10:00:00 GMT | 2026-04-05T10:00:00Z",
            "Mon, 20 apr 2026 10:00:00 gmt | 2026-04-20T10:00:00Z",
            "Monday, 20 April 2026 10:00:00 GMT | 2026-04-20T10:00:00Z",
            "Sun, 20 Sept 2026 10:00:00 GMT | 2026-09-20T10:00:00Z",
            "Mon, 20 Apr, 2026 10:00:00 UTC | 2026-04-20T10:00:00Z",
            "Mon, 20 Apr 26 10:00:00 GMT | 2026-04-20T10:00:00Z",
            "Thu, 01 Jan 99 10:00:00 GMT | 1999-01-01T10:00:00Z",
            "Mon, 20 Apr 2026 | 2026-04-20T00:00:00Z",
            "20-Apr-2026 10:00:00 | 2026-04-20T10:00:00Z",
            "Mon, 20 Apr 2026 10:00:60 GMT | 2026-04-20T10:00:59Z",
            "Mon, 20 Apr 2026 10:00:00 XYZ | 2026-04-20T10:00:00Z",
            // month first, asctime, 12-hour clocks
            "Thu Apr 23 2026 17:26:16 +0200 | 2026-04-23T15:26:16Z",
            "April 20, 2026 10:00 AM | 2026-04-20T10:00:00Z",
            "April 20, 2026 12:30 pm EST | 2026-04-20T17:30:00Z",
            "Apr 20 2026 | 2026-04-20T00:00:00Z",
            "Mon Apr  6 16:29:06 2026 | 2026-04-06T16:29:06Z",
            "Mon Apr 20 01:16:00 +0000 2026 | 2026-04-20T01:16:00Z",
            // RFC 3339, ISO 8601 and W3C-DTF
            "2026-04-20T10:00:00Z | 2026-04-20T10:00:00Z",
            "2026-04-20t10:00:00z | 2026-04-20T10:00:00Z",
            "2026-04-20T10:00:00.538+10:00 | 2026-04-20T00:00:00.538Z",
            "2026-04-20T10:00:00+1000 | 2026-04-20T00:00:00Z",
            "2026-04-20T10:00:00+10 | 2026-04-20T00:00:00Z",
            "2026-04-20T10:00+01:00 | 2026-04-20T09:00:00Z",
            "2026-04-20 10:00:00 | 2026-04-20T10:00:00Z",
            "2026-04-20 10:00:00 -00:20 | 2026-04-20T10:20:00Z",
            "2026-04-20 10:00:00.0 | 2026-04-20T10:00:00Z",
            "2026-04-20T10:00:00.123456789Z | 2026-04-20T10:00:00.123456789Z",
            "2026-04-20 | 2026-04-20T00:00:00Z",
            "2026-04 | 2026-04-01T00:00:00Z",
            "2026 | 2026-01-01T00:00:00Z",
            "2026-004-20T10:00:00Z | 2026-04-20T10:00:00Z",
            "20260420T100000Z | 2026-04-20T10:00:00Z",
            "2024-02-29T10:00:00Z | 2024-02-29T10:00:00Z",
            "2026年4月20日 10:30 | 2026-04-20T02:30:00Z",
    })
    void shouldParseTheVariantsFeedsUse(String text, String expected) {
        assertThat(Dates.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"32 Jan 2024 25:61", "Wed, 32 Jan 2024 10:00:00 GMT", "Tue, 30 Feb 2024 10:00:00 GMT", "Thu, 29 Feb 2023 10:00:00 GMT",
            "Mon, 20 Apr 2026 25:00:00 GMT", "Mon, 20 Apr 2026 10:61:00 GMT", "Mon, 20 Apr 2026 10:00:61 GMT", "Mon, 99 Jun 2026 12:00:00 GMT",
            "Mon, 20 Zzz 2026 10:00:00 GMT", "Mon, 20 Apr 2026 10:00:00 +99:99", "Mon, 20 Apr 2026 1:2:3:4 GMT", "April 20, 2026 13:00 PM",
            "2026-13-01T00:00:00Z", "2026-02-30", "2026-04-20T24:30:00Z", "2026-04-20T10:60:00Z", "9999-12-31T23:59:59-99:99",
            "2026-04-20T10:00:00-06:00Textra", "2026-01-27-01", "2026年2月30日"})
    void shouldRefuseImpossibleDatesInsteadOfRollingThemOver(String text) {
        assertThat(Dates.parse(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"22026", "026", "2026-xx-20", "Apr 2026 soon"})
    void shouldRefuseMalformedDates(String text) {
        assertThat(Dates.parse(text)).isNull();
    }

    @org.junit.jupiter.api.Test
    void shouldReadADateFollowedByWordsWithoutATime() {
        assertThat(Dates.parse("2026-04-20 | Reuters")).isEqualTo(Instant.parse("2026-04-20T00:00:00Z"));
        assertThat(Dates.parse("2026-04-20 25:00 | Reuters")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "soon", "n/a"})
    void shouldGiveNoDateForNoDate(String text) {
        assertThat(Dates.parse(text)).isNull();
    }
}
