package io.chipwatch.app;

import io.chipwatch.ingest.CheckResult;
import io.chipwatch.ingest.Source;
import io.chipwatch.ingest.SourceChecker;
import io.chipwatch.ingest.SourceHealth;
import io.chipwatch.ingest.SourceKind;
import io.chipwatch.ingest.SourcesFile;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chipwatch sources list|check|add}: what chipwatch polls, and whether it works. */
@Command(name = "sources", mixinStandardHelpOptions = true,
        description = "List sources with their health, check a URL once, or add a source to sources.yaml.",
        subcommands = {SourcesCommand.ListSources.class, SourcesCommand.Check.class, SourcesCommand.Add.class})
final class SourcesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    static Path sourcesFile(KafkaOptions kafka) {
        return Pipeline.offlineIngestConfig(kafka).sourcesFile();
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the sources of sources.yaml with the health the running ingest service last reported:",
                    "status, last fetch, last error (else the last warning, else the URL), items seen and published (since that service",
                    "started). --json adds warnings, lastWarning and lastWarningAt."})
    static final class ListSources implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--json", description = "One JSON object per source per line (source and health).")
        boolean json;

        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

        @Override
        public Integer call() throws Exception {
            List<Source> sources = SourcesFile.load(sourcesFile(kafka));
            Map<String, SourceHealth> health;
            try (KafkaEnvironment env = KafkaEnvironment.open(kafka, 0)) {
                health = SourceHealthLog.read(env.bootstrapServers());
            }
            if (!json) {
                System.out.printf("%-30s %-8s %-10s %-12s %6s %6s  %s%n", "ID", "KIND", "STATUS", "LAST FETCH", "SEEN", "PUBL.", "LAST ERROR / URL");
            }
            for (Source s : sources) {
                SourceHealth h = health.get(s.id());
                String status = !s.enabled() ? "DISABLED" : s.kind() == SourceKind.ARCHIVE ? "ARCHIVE" : h == null ? "UNKNOWN" : h.status().name();
                if (json) {
                    System.out.println(Json.toJson(Map.of("source", s, "health", h == null ? Map.of() : h)));
                    continue;
                }
                String last = h == null || h.lastFetch() == null ? "-" : TIME.format(h.lastFetch());
                String detail = h != null && h.lastError() != null ? h.lastError()
                        : h != null && h.lastWarning() != null ? "warning: " + h.lastWarning()
                        : (s.url() != null ? s.url() : s.path());
                System.out.printf("%-30s %-8s %-10s %-12s %6s %6s  %s%n", s.id(), s.kind().label(), status, last,
                        h == null ? "-" : Long.toString(h.itemsSeen()), h == null ? "-" : Long.toString(h.itemsPublished()), detail);
            }
            if (!json && health.isEmpty()) {
                System.err.println("(no health reported yet: health comes from a running 'chipwatch run' or 'chipwatch ingest')");
            }
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Fetch a feed or page once, through the same safe fetcher and parsers as ingest, and print what would be",
                    "published as article JSON lines on stdout (a summary on stderr). Publishes nothing. Exit 1 when it does not work."})
    static final class Check implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Parameters(paramLabel = "URL", description = "Feed or page URL.")
        String url;

        @Override
        public Integer call() {
            CheckResult result;
            try (SourceChecker checker = new SourceChecker(Pipeline.offlineIngestConfig(kafka))) {
                result = checker.check(url);
            }
            for (RawArticle a : result.articles()) {
                System.out.println(Json.toJson(a));
            }
            String what = result.status() == 0 ? "no response" : "HTTP " + result.status() + ", " + result.kind()
                    + (result.format() == null ? "" : " (" + result.format() + ")");
            System.err.printf("%s: %s, %d article(s)%s%n", result.finalUrl() == null ? url : result.finalUrl(), what,
                    result.articles().size(), result.problems().isEmpty() ? "" : ", problems:");
            result.problems().forEach(p -> System.err.println("  - " + p));
            return result.ok() ? 0 : Main.EXIT_FAILURE;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a source to sources.yaml (validated; comments kept). A running ingest service picks it up when restarted.",
                    "Feeds and pages are checked once first unless --no-check."})
    static final class Add implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--id", required = true, description = "Stable id (lower case, digits, . _ -).")
        String id;

        @Option(names = "--kind", defaultValue = "feed", description = "feed, page or archive. Default: ${DEFAULT-VALUE}.")
        String kind;

        @Option(names = "--url", description = "Feed or listing-page URL (feed, page).")
        String url;

        @Option(names = "--path", description = "Folder (archive).")
        String path;

        @Option(names = "--interval", description = "Poll interval: 30m, 2h, PT30M. Default: 30m.")
        String interval;

        @Option(names = "--language", description = "Language the source publishes in (en, zh).")
        String language;

        @Option(names = "--tag", description = "Tag copied onto every article. Repeatable.")
        List<String> tags = new ArrayList<>();

        @Option(names = "--full-text", description = "Feeds: also fetch and extract the page behind each item.")
        boolean fullText;

        @Option(names = "--selector", description = "Pages: CSS selector of the article links.")
        String selector;

        @Option(names = "--no-check", description = "Do not fetch the source once before adding it.")
        boolean noCheck;

        @Override
        public Integer call() throws Exception {
            Duration every = Source.parseInterval(interval);
            Source source = new Source(id, SourceKind.of(kind), url, path, every, language, tags, fullText, selector, true);
            if (!noCheck && source.kind() != SourceKind.ARCHIVE) {
                try (SourceChecker checker = new SourceChecker(Pipeline.offlineIngestConfig(kafka))) {
                    CheckResult r = checker.check(url);
                    if (!r.ok()) {
                        System.err.println("chipwatch sources add: " + url + " does not work: HTTP " + r.status() + " " + String.join("; ", r.problems())
                                + " (use --no-check to add it anyway)");
                        return Main.EXIT_FAILURE;
                    }
                    System.err.println("checked: " + r.articles().size() + " article(s) at " + url);
                }
            }
            Path file = sourcesFile(kafka);
            SourcesFile.append(file, source);
            System.out.println("added " + source.id() + " to " + file + " at " + Instant.now());
            return 0;
        }
    }
}
