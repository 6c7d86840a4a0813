package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chipwatch extract}: errors and empty pages are reported on stderr, and the exit code says whether anything worked. */
class ExtractCommandTest {
    private static final String ARTICLE = "<html><head><title>Orders climb</title></head><body><article><h1>Orders climb</h1><p>"
            + "Orders for accelerators rose again this quarter as cloud providers expanded their data centres. ".repeat(6)
            + "</p></article></body></html>";
    private static final String NO_ARTICLE = "<html><head><title>Search</title></head><body><nav><a href='/'>Home</a></nav>"
            + "<ul><li><a href='/a'>HBM prices</a></li></ul></body></html>";

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private static synchronized Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8); PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            System.setOut(po);
            System.setErr(pe);
            int code = Main.execute(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private Path file(String name, String html) throws IOException {
        return Files.writeString(dir.resolve(name), html, StandardCharsets.UTF_8);
    }

    @Test
    void shouldSayNoSuchFileAndExit1ForAMissingFile() {
        String missing = dir.resolve("x.html").toString();
        Result r = run("extract", missing);
        assertThat(r.code()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(r.err()).contains("chipwatch extract: " + missing + ": no such file: " + missing);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void shouldRefuseBinaryInputAsNotText() throws IOException {
        byte[] junk = new byte[1 << 20];
        new Random(5).nextBytes(junk);
        Path f = Files.write(dir.resolve("junk.html"), junk);
        Result r = run("extract", f.toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(r.err()).contains(f + ": not text: ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void shouldWarnOnStderrAndExit1WhenNoInputHasArticleText() throws IOException {
        Path empty = file("empty.html", NO_ARTICLE);
        Result r = run("extract", empty.toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(r.err()).contains("chipwatch extract: warning: " + empty + ": no article text found");
        assertThat(r.out()).contains("\"text\":\"\"").contains("\"warning\":\"no article text found\"");
    }

    @Test
    void shouldWarnButExit0WhenOtherInputsHaveText() throws IOException {
        Path empty = file("empty.html", NO_ARTICLE);
        Path good = file("good.html", ARTICLE);
        Result r = run("extract", good.toString(), empty.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).hasSize(2);
        assertThat(r.out().lines().findFirst().orElseThrow()).contains("cloud providers expanded").contains("\"warning\":null");
        assertThat(r.err()).contains("warning: " + empty + ": no article text found").doesNotContain(good.toString());
    }
}
