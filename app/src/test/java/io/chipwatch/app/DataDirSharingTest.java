package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which commands may share one data dir's broker ({@link KafkaEnvironment#conflicts}). */
class DataDirSharingTest {

    @ParameterizedTest(name = "{0} next to an owner running {1}: conflict={2}")
    @CsvSource({
        "run, run, true",
        "run, ingest, true",
        "ingest, run, true",
        "ingest, ingest, true",
        "ingest, enrich, false",
        "broker, run, true",
        "run, broker, false",
        "bench, alerts, true",
        // the web service only reads topics: it sits beside the pipeline or any single service
        "web, run, false",
        "run, web, false",
        "web, alerts, false",
        "web, bench, false",
        // two web services on one dir would share one index dir
        "web, web, true",
        // one-shot commands use any owner's broker
        "'watches add', web, false",
        "'tail', run, false",
    })
    void conflicts(String command, String owner, boolean expected) {
        assertThat(KafkaEnvironment.conflicts(command, owner)).isEqualTo(expected);
    }
}
