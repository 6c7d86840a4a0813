package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.alerts.AlertsConfig;
import io.chipwatch.enrich.EnrichConfig;
import io.chipwatch.ingest.IngestConfig;
import io.chipwatch.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * No Docker engine runs where the build runs, so this test reads docker-compose.yml and checks it
 * against the code: images, commands, flags and configuration keys.
 */
class DockerComposeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Map<String, ConfigDef> DEFINITIONS = Map.of(
            "ingest", IngestConfig.DEFINITION, "enrich", EnrichConfig.definition(), "alerts", AlertsConfig.DEFINITION);

    private static JsonNode compose() throws Exception {
        return Json.YAML.readTree(Files.readString(ROOT.resolve("docker-compose.yml")));
    }

    @Test
    void shouldRunTheOfficialKafkaImageOfTheSameVersionAsTheCode() throws Exception {
        JsonNode kafka = compose().path("services").path("kafka");
        assertThat(kafka.path("image").asText()).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        JsonNode env = kafka.path("environment");
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        // The single-node settings without which groups and transactions hang.
        assertThat(env.path("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR").asText()).isEqualTo("1");
        assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText()).isEqualTo("1");
        assertThat(env.path("KAFKA_ADVERTISED_LISTENERS").asText()).contains("PLAINTEXT://kafka:9092");
    }

    @Test
    void shouldHaveOneServicePerComponentWhoseCommandTheCliAccepts() throws Exception {
        JsonNode services = compose().path("services");
        for (String component : List.of("ingest", "enrich", "alerts", "web")) {
            JsonNode service = services.path(component);
            assertThat(service.isMissingNode()).as(component).isFalse();
            List<String> command = new ArrayList<>();
            service.path("command").forEach(n -> command.add(n.asText()));
            assertThat(command).as(component).startsWith(component).contains("--bootstrap-servers", "kafka:9092");
            CommandLine.ParseResult parsed = Main.commandLine().parseArgs(command.toArray(String[]::new));
            assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(component);
            for (int i = 0; i < command.size() - 1; i++) {
                if (command.get(i).equals("--set")) {
                    String key = command.get(i + 1).split("=", 2)[0];
                    String prefix = key.substring(0, key.indexOf('.'));
                    assertThat(DEFINITIONS.get(prefix).names()).as("--set " + key + " in " + component)
                            .contains(key.substring(prefix.length() + 1));
                }
            }
        }
    }

    @Test
    void shouldBuildTheImageFromTheDockerfileThatRunsTheShadedJar() throws Exception {
        JsonNode services = compose().path("services");
        assertThat(services.path("ingest").path("build").asText()).isEqualTo(".");
        Set<String> images = new java.util.HashSet<>();
        for (String c : List.of("ingest", "enrich", "alerts")) {
            images.add(services.path(c).path("image").asText());
        }
        assertThat(images).containsExactly("chipwatch:latest");
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("app/target/chipwatch.jar").contains("COPY seeds");
        assertThat(Files.readString(ROOT.resolve("app/pom.xml"))).contains("<finalName>chipwatch</finalName>");
    }
}
