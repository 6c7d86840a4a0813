package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.config.ChipwatchConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every configuration key is documented in code, and the README's tables list them all. */
class ConfigDocsTest {
    @Test
    void shouldDocumentEveryKeyOfEveryService() {
        ConfigCommand.definitions().forEach((service, def) ->
                assertThat(ChipwatchConfig.undocumentedKeys(def)).as(service + " keys without documentation").isEmpty());
    }

    @Test
    void shouldListEveryKeyInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        ConfigCommand.definitions().forEach((service, def) -> {
            for (String key : def.names()) {
                assertThat(readme).as("README lists " + service + "." + key + " (regenerate with: chipwatch config --markdown)")
                        .contains("`" + key + "`");
            }
        });
    }
}
