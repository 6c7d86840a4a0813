package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Issue 14: Ctrl-C exits 130, and nothing said so; every exit code of --help is in the README's table. */
class ExitCodesTest {
    @Test
    void shouldDocumentEveryExitCodeInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).contains("#### Exit codes");
        String help = Main.commandLine().getUsageMessage();
        for (String code : new String[] {"0", "1", "2", "3", "130", "143"}) {
            assertThat(help).as("--help lists exit code " + code).containsPattern("(?m)^\\s+" + code + "\\s+\\S");
            assertThat(readme).as("README's exit code table lists " + code).containsPattern("(?m)^\\| " + code + " \\| \\S");
        }
        assertThat(readme).containsPattern("(?m)^\\| 130 \\| interrupted by Ctrl-C");
    }
}
