package io.chipwatch.app;

import io.chipwatch.ingest.ExtractRecord;
import io.chipwatch.ingest.SourceChecker;
import io.chipwatch.model.json.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code chipwatch extract}: article extraction, offline for files, through the safe fetcher for URLs. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Extract the article (title, published time, author, language, canonical URL, main text) from HTML files",
                "or URLs and print one JSON object per input per line: source, title, publishedAt, author, language, url, text.",
                ".gz files are read decompressed. No broker is needed. A failed input prints a one-line error on stderr."})
final class ExtractCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "FILE|URL", arity = "1..*", description = "HTML files (.html, .htm, .gz) or http(s) URLs.")
    List<String> inputs;

    @Override
    public Integer call() {
        int failures = 0;
        try (SourceChecker checker = new SourceChecker(Pipeline.offlineIngestConfig(kafka))) {
            for (String input : inputs) {
                try {
                    ExtractRecord record = checker.extract(input);
                    System.out.println(Json.toJson(record));
                } catch (Exception e) {
                    failures++;
                    System.err.println("chipwatch extract: " + input + ": " + Main.oneLine(e));
                }
            }
        }
        System.out.flush();
        return failures == 0 ? 0 : Main.EXIT_FAILURE;
    }
}
