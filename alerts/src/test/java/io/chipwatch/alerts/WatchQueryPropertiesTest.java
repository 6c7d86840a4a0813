package io.chipwatch.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.Watch;
import io.chipwatch.model.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The watch language: any string as a Lucene query is either accepted or refused with WatchValidationException. */
class WatchQueryPropertiesTest {

    @Property(tries = 2000)
    void shouldThrowNothingButWatchValidationExceptionForAnyQuery(@ForAll("queries") String query) throws Exception {
        Watch w = Json.MAPPER.readValue("{\"id\":\"prop\",\"query\":" + Json.toJson(query) + "}", Watch.class);
        try {
            WatchMatcher.validate(w);
        } catch (WatchValidationException expected) {
            assertThat(expected.getMessage()).contains("prop");
        }
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> tokens = Arbitraries.of("AND", "OR", "NOT", "(", ")", "\"", "*", "?", "~", "^2", ":", "title:", "text:",
                "[", "]", "{", "}", "TO", "\\", "/", "+", "-", "&&", "||", "!", "Ascend", "950", "华为", " ", "/re.*x/", "~0.5");
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(60),
                tokens.list().ofMaxSize(15).map(l -> String.join("", l)),
                tokens.list().ofMaxSize(15).map(l -> String.join(" ", l)));
    }
}
