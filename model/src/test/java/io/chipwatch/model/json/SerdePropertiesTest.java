package io.chipwatch.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.topic.Topic;
import io.chipwatch.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Every value serde of the topic registry, fed random bytes and random JSON: it returns a value or
 * throws SerializationException naming the topic, nothing else; a value it returns serialises and
 * reads back equal.
 */
class SerdePropertiesTest {

    @Property(tries = 1000)
    void shouldReadOrRejectAnyBytesWithSerializationExceptionOnly(@ForAll("inputs") byte[] bytes) {
        for (Topic<?, ?> topic : Topics.ALL) {
            check(topic, bytes);
        }
    }

    private static <V> void check(Topic<?, V> topic, byte[] bytes) {
        V value;
        try {
            value = topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
        } catch (SerializationException expected) {
            assertThat(expected.getMessage()).as(topic.name()).contains(topic.name());
            return;
        }
        if (value != null && !(value instanceof byte[])) {
            byte[] again = topic.valueSerde().serializer().serialize(topic.name(), value);
            assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), again)).as(topic.name()).isEqualTo(value);
        }
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<String> json = Arbitraries.of("{}", "[]", "null", "{\"id\":\"a\"}", "{\"id\":\"a\",\"sourceId\":\"s\",\"fetchedAt\":\"2026-01-01T00:00:00Z\"}",
                "{\"id\":\"w\",\"query\":\"x\"}", "{\"entityId\":\"e\"}", "{\"alertId\":\"a\",\"channel\":\"c\"}", "{\"id\":1e400}",
                "{\"publishedAt\":\"not a date\"}", "{\"tags\":[null]}", "{\"channels\":[{\"type\":\"pigeon\"}]}", "\"str\"", "{\"id\":\"\u0000\"}");
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                json.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().all().ofMaxLength(100).map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }
}
