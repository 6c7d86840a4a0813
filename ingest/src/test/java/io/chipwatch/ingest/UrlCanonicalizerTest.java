package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.SourceKind;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class UrlCanonicalizerTest {
    @Test
    void shouldDropTrackingParametersFragmentAndDefaultPort() {
        assertThat(UrlCanonicalizer.canonicalize("HTTPS://News.Example:443/a/b?utm_source=x&id=7&fbclid=1&gclid=2#top"))
                .isEqualTo("https://news.example/a/b?id=7");
        assertThat(UrlCanonicalizer.canonicalize("http://news.example:80")).isEqualTo("http://news.example/");
        assertThat(UrlCanonicalizer.canonicalize("http://news.example:8080/x?utm_medium=rss")).isEqualTo("http://news.example:8080/x");
    }

    @Test
    void shouldRefuseNonHttpUrls() {
        assertThat(UrlCanonicalizer.canonicalize("ftp://news.example/x")).isNull();
        assertThat(UrlCanonicalizer.canonicalize("/relative/path")).isNull();
        assertThat(UrlCanonicalizer.canonicalize("not a url at all")).isNull();
    }

    @Test
    void shouldGiveOneIdToLinksThatDifferOnlyInTracking() {
        String a = ArticleIds.forUrl("https://news.example/2026/04/h200?utm_source=rss");
        String b = ArticleIds.forUrl("https://NEWS.example/2026/04/h200#comments");
        assertThat(a).isEqualTo(b).hasSize(32).matches("[0-9a-f]{32}");
        assertThat(ArticleIds.of("src", null, "guid-1")).isEqualTo(ArticleIds.forGuid("src", "guid-1")).isNotEqualTo(a);
    }

    @Test
    void shouldLowerCaseHostUnderTurkishLocale() {
        Locale old = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(UrlCanonicalizer.canonicalize("https://WIRE.INFO/ITEM?UTM_SOURCE=x")).isEqualTo("https://wire.info/ITEM");
            assertThat(SourceKind.of("FEED")).isEqualTo(SourceKind.FEED);
        } finally {
            Locale.setDefault(old);
        }
    }
}
