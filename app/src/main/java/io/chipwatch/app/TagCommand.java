package io.chipwatch.app;

import io.chipwatch.enrich.Enricher;
import io.chipwatch.ingest.ArchiveReplayer;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chipwatch tag}: the extraction and enrichment the pipeline runs, offline. Prints exactly the
 * JSON that goes to articles.enriched (story dedup aside: each article is its own story).
 */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = {"Run extraction and enrichment offline (no broker) and print one enriched-article JSON object per",
                "article per line: the JSON that goes to articles.enriched (entities with mentions, events with evidence).",
                "Takes the archive formats of 'replay' (.txt, .html, .xml feeds: one line per item, .json, .jsonl, .gz);",
                "folders are read recursively. Bad input prints a one-line error on stderr and exits 1."})
final class TagCommand implements Callable<Integer> {
    private static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    @Option(names = "--seeds", paramLabel = "DIR", description = "Domain pack directory (entities.yaml, events.yaml). Default: the seeds/ beside ./chipwatch.")
    Path seeds;

    @Option(names = "--pretty", description = "Indented JSON (not one line per article).")
    boolean pretty;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Article files or folders.")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        KafkaOptions paths = new KafkaOptions();
        paths.seeds = seeds;
        Enricher enricher = Enricher.fromSeeds(paths.seedsDir());
        int failures = 0;
        for (Path file : files()) {
            try {
                ArchiveReplayer.FileArticles read = ArchiveReplayer.readFile(file, MAX_FILE_BYTES);
                for (RawArticle raw : read.articles()) {
                    EnrichedArticle enriched = enricher.enrich(raw);
                    System.out.println(pretty ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(enriched) : Json.toJson(enriched));
                }
                for (String problem : read.problems()) {
                    failures++;
                    System.err.println("chipwatch tag: " + file + ": " + problem);
                }
            } catch (IOException | RuntimeException e) {
                failures++;
                System.err.println("chipwatch tag: " + file + ": " + Main.oneLine(e));
            }
        }
        System.out.flush();
        return failures == 0 ? 0 : Main.EXIT_FAILURE;
    }

    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(ArchiveReplayer::isArchiveFile).sorted().forEach(files::add);
                }
            } else {
                files.add(p); // a missing file is reported per file, not as a crash
            }
        }
        return files;
    }
}
