package io.chipwatch.app;

import io.chipwatch.ingest.CheckResult;
import io.chipwatch.ingest.IngestConfig;
import io.chipwatch.ingest.Opml;
import io.chipwatch.ingest.SourceAdmin;
import io.chipwatch.ingest.SourceChecker;
import io.chipwatch.ingest.SourceHealth;
import io.chipwatch.ingest.SourceState;
import io.chipwatch.model.InvalidRecord;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.SourceDefinition;
import io.chipwatch.model.SourceKind;
import io.chipwatch.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chipwatch sources list|check|add|remove|enable|disable|import|export}: what chipwatch polls, and whether it
 * works. The compacted {@code sources} topic is the source of truth (seeded from sources.yaml when empty); a running
 * ingest service applies every change within seconds.
 */
@Command(name = "sources", mixinStandardHelpOptions = true,
        description = {"Manage sources on the compacted 'sources' topic (seeded from sources.yaml when it is empty); a running",
                "ingest service picks up every change within seconds. Also: check a URL once, import and export OPML."},
        subcommands = {SourcesCommand.ListSources.class, SourcesCommand.Check.class, SourcesCommand.Add.class, SourcesCommand.Remove.class,
                SourcesCommand.Enable.class, SourcesCommand.Disable.class, SourcesCommand.Import.class, SourcesCommand.Export.class})
final class SourcesCommand implements Runnable {
    /** Largest OPML file read: subscription lists are kilobytes; this bounds a hostile one. */
    static final long MAX_OPML_BYTES = 16L * 1024 * 1024;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Opens Kafka, seeds the sources topic when it never held a record, runs the action with a SourceAdmin. */
    static <T> T withAdmin(KafkaOptions kafka, BiFunction<SourceAdmin, KafkaEnvironment, T> action) {
        try (KafkaEnvironment env = KafkaEnvironment.open(kafka, 0, "sources");
             SourceAdmin admin = new SourceAdmin(new IngestConfig(Pipeline.ingestConfig(kafka, env.bootstrapServers(), true)))) {
            admin.seedDefaults();
            return action.apply(admin, env);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the sources on the sources topic with the health the running ingest service last reported:",
                    "status, last fetch, last error (else why a broken feed was recovered, else the last item warning, else the URL),",
                    "items seen and published (since that service started). A source whose latest record was refused shows INVALID",
                    "with the reason; its last valid version is the one polled. --json adds recovered, warnings, warningCount,",
                    "lastWarning and lastWarningAt."})
    static final class ListSources implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--json", description = "One JSON object per source per line: id, source, health, and invalid when refused.")
        boolean json;

        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

        @Override
        public Integer call() {
            record Listing(List<SourceState> sources, Map<String, SourceHealth> health) {}
            Listing l = withAdmin(kafka, (admin, env) -> new Listing(admin.list(), SourceHealthLog.read(env.bootstrapServers())));
            if (!json) {
                System.out.printf("%-30s %-8s %-10s %-12s %6s %6s  %s%n", "ID", "KIND", "STATUS", "LAST FETCH", "SEEN", "PUBL.", "LAST ERROR / URL");
            }
            for (SourceState st : l.sources()) {
                SourceDefinition s = st.definition();
                SourceHealth h = l.health().get(st.id());
                if (json) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("id", st.id());
                    line.put("source", s);
                    line.put("health", h == null ? Map.of() : h);
                    if (st.invalid() != null) {
                        line.put("invalid", st.invalid());
                    }
                    System.out.println(Json.toJson(line));
                    continue;
                }
                System.out.printf("%-30s %-8s %-10s %-12s %6s %6s  %s%n", st.id(), s == null ? "-" : s.kind().label(), status(st, h),
                        h == null || h.lastFetch() == null ? "-" : TIME.format(h.lastFetch()),
                        h == null ? "-" : Long.toString(h.itemsSeen()), h == null ? "-" : Long.toString(h.itemsPublished()), detail(st, h));
            }
            if (!json && l.health().values().stream().anyMatch(SourceHealth::recovered)) {
                System.err.println("(recovered: the feed is broken and was repaired to read its good items; 'sources check URL' lists every repair)");
            }
            if (!json && l.health().isEmpty()) {
                System.err.println("(no health reported yet: health comes from a running 'chipwatch run' or 'chipwatch ingest')");
            }
            return 0;
        }

        private static String status(SourceState st, SourceHealth h) {
            SourceDefinition s = st.definition();
            if (st.invalid() != null) {
                return "INVALID";
            }
            return !s.enabled() ? "DISABLED" : s.kind() == SourceKind.ARCHIVE ? "ARCHIVE" : h == null ? "UNKNOWN" : h.status().name();
        }

        private static String detail(SourceState st, SourceHealth h) {
            InvalidRecord bad = st.invalid();
            if (bad != null) {
                return "record " + bad.position() + " refused: " + bad.reason() + (st.definition() != null
                        ? "; the previous version stays in service" + (st.definition().polled() ? "" : " (disabled)")
                        : "; no valid version: not polled");
            }
            return SourcesCommand.detail(st.definition(), h);
        }
    }

    /** The last column of 'sources list': the last error, else why a feed was recovered (or what it lost), else the URL. */
    static String detail(SourceDefinition s, SourceHealth h) {
        if (h != null && h.lastError() != null) {
            return h.lastError();
        }
        if (h != null && !h.warnings().isEmpty()) {
            List<String> w = h.warnings();
            return (h.recovered() ? "recovered: " : "warning: ") + w.get(0) + (w.size() > 1 ? " (+" + (w.size() - 1) + " more)" : "");
        }
        if (h != null && h.lastWarning() != null) {
            return "warning: " + h.lastWarning();
        }
        return s.url() != null ? s.url() : s.path();
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
            System.err.printf("%s: %s, %d article(s)%s%s%n", result.finalUrl() == null ? url : result.finalUrl(), what,
                    result.articles().size(), result.recovered() ? ", recovered from a broken feed" : "",
                    result.problems().isEmpty() ? "" : ", problems:");
            result.problems().forEach(p -> System.err.println("  - " + p));
            if (!result.warnings().isEmpty()) {
                System.err.println("warnings:");
                result.warnings().forEach(w -> System.err.println("  - " + w));
            }
            return result.ok() ? 0 : Main.EXIT_FAILURE;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add or replace a source on the sources topic (validated first); a running ingest service starts polling it",
                    "within seconds. Feeds and pages are checked once first unless --no-check."})
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

        @Option(names = "--disabled", description = "Add it disabled (not polled until 'chipwatch sources enable').")
        boolean disabled;

        @Option(names = "--no-check", description = "Do not fetch the source once before adding it.")
        boolean noCheck;

        @Override
        public Integer call() {
            SourceDefinition source = SourceDefinition.of(id, kind, url, path, interval, language, tags, fullText, selector, !disabled);
            if (!noCheck && source.kind() != SourceKind.ARCHIVE) {
                try (SourceChecker checker = new SourceChecker(Pipeline.offlineIngestConfig(kafka))) {
                    CheckResult r = checker.check(source.url());
                    if (!r.ok()) {
                        System.err.println("chipwatch sources add: " + source.url() + " does not work: HTTP " + r.status() + " "
                                + String.join("; ", r.problems()) + " (use --no-check to add it anyway)");
                        return Main.EXIT_FAILURE;
                    }
                    System.err.println("checked: " + r.articles().size() + " article(s) at " + source.url());
                }
            }
            boolean replaced = withAdmin(kafka, (admin, env) -> {
                boolean existed = admin.get(source.id()).isPresent();
                admin.put(List.of(source));
                return existed;
            });
            System.out.println((replaced ? "replaced " : "added ") + source.id() + (source.polled() ? "; a running ingest polls it within seconds" : ""));
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a source (a tombstone on the compacted topic); a running ingest stops polling it within seconds.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Parameters(paramLabel = "ID", description = "Source id.")
        String id;

        @Override
        public Integer call() {
            if (!withAdmin(kafka, (admin, env) -> admin.remove(id))) {
                System.err.println("chipwatch sources remove: no source with id '" + id + "' (see 'chipwatch sources list')");
                return Main.EXIT_FAILURE;
            }
            System.out.println("removed " + id);
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a source; a running ingest polls it within seconds.")
    static final class Enable implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Parameters(paramLabel = "ID", description = "Source id.")
        String id;

        @Override
        public Integer call() {
            withAdmin(kafka, (admin, env) -> admin.setEnabled(id, true));
            System.out.println("enabled " + id);
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable a source (kept, not polled); a running ingest stops polling it within seconds.")
    static final class Disable implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Parameters(paramLabel = "ID", description = "Source id.")
        String id;

        @Override
        public Integer call() {
            withAdmin(kafka, (admin, env) -> admin.setEnabled(id, false));
            System.out.println("disabled " + id);
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import the feeds of an OPML 1.0/2.0 file (any feed reader's export) as feed sources: folders and",
                    "categories become tags; URLs already on the topic or repeated in the file are skipped and reported on stderr.",
                    "A file with a DOCTYPE is refused (no DTD, no external entities)."})
    static final class Import implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Parameters(paramLabel = "FILE", description = "OPML file.")
        Path file;

        @Option(names = "--interval", description = "Poll interval of the imported feeds that declare none: 30m, 2h, PT30M. Default: 30m.")
        String interval;

        @Option(names = "--tag", description = "Tag added to every imported feed. Repeatable.")
        List<String> tags = new ArrayList<>();

        @Option(names = "--dry-run", description = "Print what would be imported (source JSON lines) and write nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            if (Files.size(file) > MAX_OPML_BYTES) {
                throw new IllegalArgumentException(file + " is larger than " + MAX_OPML_BYTES + " bytes; an OPML subscription list is far smaller");
            }
            byte[] xml = Files.readAllBytes(file);
            Duration every = SourceDefinition.parseInterval(interval);
            Opml.read(xml, List.of(), every, tags); // refuse a hostile or non-OPML file before touching Kafka
            Opml.Import result = withAdmin(kafka, (admin, env) -> {
                List<SourceDefinition> known = admin.list().stream().map(SourceState::definition).filter(d -> d != null).toList();
                Opml.Import r = Opml.read(xml, known, every, tags);
                if (!dryRun) {
                    admin.put(r.sources());
                }
                return r;
            });
            for (SourceDefinition s : result.sources()) {
                System.out.println(dryRun ? Json.toJson(s) : "imported " + s.id() + " " + s.url() + (s.tags().isEmpty() ? "" : " " + s.tags()));
            }
            for (Opml.Skipped k : result.skipped()) {
                System.err.println("skipped " + (k.title() == null ? "(untitled)" : "'" + k.title() + "'") + " " + k.url() + ": " + k.reason());
            }
            System.err.printf("%s %d feed(s), skipped %d%n", dryRun ? "would import" : "imported", result.sources().size(), result.skipped().size());
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Print the sources on stdout: as a sources.yaml document, or with --opml as OPML 2.0 (feed sources only,",
                    "the first tag as folder, every tag as category) that any feed reader, and 'chipwatch sources import', reads."})
    static final class Export implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--opml", description = "OPML 2.0 instead of YAML.")
        boolean opml;

        @Override
        public Integer call() throws Exception {
            List<SourceDefinition> sources = withAdmin(kafka, (admin, env) -> admin.list()).stream().map(SourceState::definition)
                    .filter(d -> d != null).toList();
            if (opml) {
                System.out.print(Opml.write(sources, ZonedDateTime.now(ZoneOffset.UTC)));
                long left = sources.stream().filter(s -> s.kind() != SourceKind.FEED).count();
                if (left > 0) {
                    System.err.println("left out " + left + " page and archive source(s): OPML lists feeds only");
                }
            } else {
                System.out.print(Json.YAML.writeValueAsString(Map.of("sources", sources)).replaceFirst("^---\\s*\\n", ""));
            }
            return 0;
        }
    }
}
