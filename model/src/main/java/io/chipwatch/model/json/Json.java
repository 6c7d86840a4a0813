package io.chipwatch.model.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * The one JSON configuration of chipwatch's public contract: ISO-8601 instants and durations
 * (never epoch numbers), unknown properties ignored so older consumers survive new fields.
 */
public final class Json {
    /** Shared, thread-safe mapper for topic values and CLI output. */
    public static final ObjectMapper MAPPER = configure(JsonMapper.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build());

    /** Mapper for the YAML files in {@code seeds/} (watches, sources, gazetteer, rules). */
    public static final ObjectMapper YAML = configure(new YAMLMapper(YAMLFactory.builder()
            // Bound what a hostile or broken YAML file can make us allocate.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100).build())
            // Plain YAML out: type ids as properties ("type: console"), never YAML tags ("!<console>"),
            // so what 'watches show' prints is what 'watches add' reads.
            .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
            .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.USE_NATIVE_OBJECT_ID)
            .build()));

    private Json() {}

    private static <M extends ObjectMapper> M configure(M mapper) {
        mapper.registerModule(new JavaTimeModule());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        return mapper;
    }

    /** Compact one-line JSON, for topics and JSON-lines output. */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
