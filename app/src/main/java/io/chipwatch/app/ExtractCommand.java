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
                "or URLs and print one JSON object per input per line: source, title, publishedAt, author, language, url, text,",
                "warning. .gz files are read decompressed. No broker is needed.",
                "An input that fails (no such file, not text, fetch error) prints 'chipwatch extract: INPUT: reason' on stderr and",
                "no line; a page without article text prints its line with warning \"" + ExtractRecord.NO_TEXT + "\" and",
                "'chipwatch extract: warning: INPUT: " + ExtractRecord.NO_TEXT + "' on stderr.",
                "Exit code 1 when an input failed or when no input gave any text, else 0."})
final class ExtractCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "FILE|URL", arity = "1..*", description = "HTML files (.html, .htm, .gz) or http(s) URLs.")
    List<String> inputs;

    @Override
    public Integer call() {
        int failures = 0;
        int empty = 0;
        try (SourceChecker checker = new SourceChecker(Pipeline.offlineIngestConfig(kafka))) {
            for (String input : inputs) {
                try {
                    ExtractRecord record = checker.extract(input);
                    System.out.println(Json.toJson(record));
                    if (record.warning() != null) {
                        empty++;
                        System.err.println("chipwatch extract: warning: " + input + ": " + record.warning());
                    }
                } catch (Exception e) {
                    failures++;
                    System.err.println("chipwatch extract: " + input + ": " + Main.oneLine(e));
                }
            }
        }
        System.out.flush();
        return failures == 0 && empty < inputs.size() ? 0 : Main.EXIT_FAILURE;
    }
}
