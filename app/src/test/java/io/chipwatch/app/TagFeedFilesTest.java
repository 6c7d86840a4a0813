package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'chipwatch tag' reads a feed by its content, whatever the file is named, and recovers a broken one. */
class TagFeedFilesTest {
    static final String FEED = "<!-- saved from a browser -->\n<rss version=\"2.0\"><channel><title>Saved & renamed</title>"
            + "<link>https://saved.example/</link><description>d</description>"
            + "<item><title>Micron says HBM shortage &amp; DRAM rationing last into 2027</title><link>https://saved.example/1</link>"
            + "<description>Micron said the shortage of HBM memory will last into 2027.</description></item>"
            + "<item><title>Second &nbsp;item</title><link>https://saved.example/2</link><description>Plain.</description></item>"
            + "</channel></rss>";

    @TempDir
    Path dir;

    @Test
    void shouldTagEveryItemOfAFeedSavedAsHtmlOrText() throws Exception {
        Path html = dir.resolve("feed.html");
        Path txt = dir.resolve("feed.txt");
        Files.writeString(html, FEED, StandardCharsets.UTF_8);
        Files.writeString(txt, FEED, StandardCharsets.UTF_8);
        CliRunner.Result r = CliRunner.run("tag", "--seeds", SamplesExpectations.SEEDS.toString(), html.toString(), txt.toString());
        assertThat(r.code()).isZero();
        assertThat(r.lines()).hasSize(4);
        List<String> titles = new java.util.ArrayList<>();
        for (String line : r.lines()) {
            titles.add(Json.MAPPER.readTree(line).path("title").asText());
        }
        assertThat(titles).containsExactly("Micron says HBM shortage & DRAM rationing last into 2027", "Second item",
                "Micron says HBM shortage & DRAM rationing last into 2027", "Second item");
    }
}
