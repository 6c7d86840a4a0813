package io.chipwatch.bench;

import io.chipwatch.ingest.ArticleExtractor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Article extraction over the real HTML pages in seeds/articles, beside jsoup's plain parse-and-text. One op = all pages.
 * {@code -Dextraction.corpus=DIR} reads the {@code .html} and {@code .html.gz} pages of DIR instead, for example the
 * {@code html/} folder of a local copy of scrapinghub/article-extraction-benchmark (README, section Article extraction).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExtractionBench {
    private List<byte[]> pages;
    private List<String> pageStrings;
    private final ArticleExtractor extractor = new ArticleExtractor();

    @Setup
    public void load() {
        String corpus = System.getProperty("extraction.corpus");
        Path dir = corpus != null ? Path.of(corpus) : Corpus.seeds().resolve("articles");
        try (Stream<Path> files = Files.walk(dir)) {
            pages = files.filter(p -> p.toString().endsWith(".html") || p.toString().endsWith(".html.gz"))
                    .sorted().map(ExtractionBench::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pageStrings = pages.stream().map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).toList();
        System.err.printf("extraction: %d pages, %d bytes%n", pages.size(), pages.stream().mapToLong(b -> b.length).sum());
    }

    private static byte[] read(Path p) {
        try (java.io.InputStream raw = Files.newInputStream(p);
             java.io.InputStream in = p.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw) : raw) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public int articleExtractor() {
        int n = 0;
        for (byte[] page : pages) {
            n += extractor.extract(page, "text/html; charset=utf-8", "https://example.com/a").text().length();
        }
        return n;
    }

    @Benchmark
    public int baselineJsoupText() {
        int n = 0;
        for (String page : pageStrings) {
            n += Jsoup.parse(page).text().length();
        }
        return n;
    }
}
