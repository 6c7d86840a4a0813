package io.chipwatch.app;

import io.chipwatch.ingest.ArchiveReplayer;
import io.chipwatch.ingest.IngestConfig;
import io.chipwatch.ingest.ReplaySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chipwatch replay}: publish local archives to articles.raw with their original timestamps. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Publish saved articles to articles.raw with their original published time as record time.",
                "Reads folders (recursive) of .txt (title line, optional 'Key: value' lines, blank line, body), .html,",
                ".xml/.rss/.atom feeds (one article per item) and .json/.jsonl articles; .gz variants too.",
                "Articles already published from the same source are skipped, so replaying twice publishes nothing new.",
                "Prints a summary JSON line on stdout; progress on stderr."})
final class ReplayCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders to replay.")
    List<Path> paths;

    @Option(names = "--since", paramLabel = "DATE", converter = InstantConverter.class, description = "Only articles published at or after DATE.")
    Instant since;

    @Option(names = "--until", paramLabel = "DATE", converter = InstantConverter.class, description = "Only articles published before DATE.")
    Instant until;

    @Override
    public Integer call() {
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("no such file or directory: " + p);
            }
        }
        try (KafkaEnvironment env = KafkaEnvironment.open(kafka, 0, "replay")) {
            ReplaySummary summary = replay(kafka, env.bootstrapServers(), paths, since, until, true);
            System.out.println(io.chipwatch.model.json.Json.toJson(summary));
            return summary.failed().isEmpty() ? 0 : Main.EXIT_FAILURE;
        }
    }

    /** Replays with a progress bar on stderr, logging each failed file with its reason. */
    static ReplaySummary replay(KafkaOptions kafka, String bootstrap, List<Path> paths, Instant since, Instant until, boolean progress) {
        ProgressBar bar = new ProgressBar(System.err);
        try (ArchiveReplayer replayer = new ArchiveReplayer(new IngestConfig(Pipeline.ingestConfig(kafka, bootstrap, false)))) {
            ReplaySummary summary = replayer.replay(paths, since, until, p -> {
                if (progress) {
                    bar.update(p.filesDone(), p.filesTotal(), "files, " + p.published() + " published");
                }
            });
            summary.failed().forEach(f -> System.err.println("chipwatch replay: " + f.file() + ": " + f.reason()));
            System.err.printf("replay: %d file(s) read, %d article(s) published, %d already seen, %d outside dates, %d failed%n",
                    summary.filesRead(), summary.published(), summary.skippedSeen(), summary.skippedByDate(), summary.failed().size());
            return summary;
        }
    }
}
