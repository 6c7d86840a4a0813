package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of {@link UrlCanonicalizer}: total (null, never an exception, for any input) and idempotent. */
class UrlCanonicalizerPropertiesTest {

    @Property(tries = 2000)
    void shouldBeIdempotentOnUrlLikeStrings(@ForAll("urls") String url) {
        String once = UrlCanonicalizer.canonicalize(url);
        if (once != null) {
            assertThat(UrlCanonicalizer.canonicalize(once)).as(url).isEqualTo(once);
            assertThat(once).doesNotContain("#").doesNotContain("utm_").startsWith("http");
        }
    }

    @Property(tries = 2000)
    void shouldReturnNullRatherThanThrowForAnyString(@ForAll String anything) {
        String once = UrlCanonicalizer.canonicalize(anything);
        if (once != null) {
            assertThat(UrlCanonicalizer.canonicalize(once)).isEqualTo(once);
        }
    }

    @Property(tries = 1000)
    void shouldResolveAnyLinkWithoutThrowing(@ForAll("urls") String base, @ForAll String link) {
        String resolved = UrlCanonicalizer.resolve(base, link);
        if (resolved != null) {
            assertThat(UrlCanonicalizer.canonicalize(resolved)).isEqualTo(resolved);
        }
    }

    @Provide
    Arbitrary<String> urls() {
        Arbitrary<String> scheme = Arbitraries.of("http", "https", "HTTP", "HtTpS", "ftp", "file", "");
        Arbitrary<String> host = Arbitraries.of("example.org", "EXAMPLE.org.", "xn--bcher-kva.example", "bücher.example",
                "127.0.0.1", "[::1]", "a", "", "host_with_underscore.org", "ex ample.org");
        Arbitrary<String> port = Arbitraries.of("", ":80", ":443", ":8080", ":", ":99999", ":abc");
        Arbitrary<String> path = Arbitraries.strings().withChars("abcAZ09/%._-~ +;=é中").ofMaxLength(20);
        Arbitrary<String> query = Arbitraries.of("", "?", "?a=1", "?utm_source=x&b=2", "?fbclid=1", "?b=2&utm_medium=y&a=1",
                "?x=%zz", "?q=a+b&gclid=9&", "?&&", "?utm_campaign");
        Arbitrary<String> fragment = Arbitraries.of("", "#", "#top", "#a#b");
        Arbitrary<String> userinfo = Arbitraries.of("", "user@", "user:pass@");
        return Combinators.combine(scheme, userinfo, host, port, path, query, fragment)
                .as((s, u, h, p, pa, q, f) -> s + "://" + u + h + p + (pa.startsWith("/") || pa.isEmpty() ? pa : "/" + pa) + q + f);
    }
}
